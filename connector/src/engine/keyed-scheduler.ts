/**
 * Runs tasks so that tasks with the same key (one record) run one after another in the order
 * given, while tasks for different keys run in parallel up to `concurrency`. Nothing is
 * queued without bound by the scheduler itself: callers feed it only as much as flow control
 * allows and can watch `size` (queued + running) to decide how much more to request.
 */
export class KeyedScheduler {
  private readonly queues = new Map<string, (() => Promise<void>)[]>();
  private readonly ready: string[] = [];
  private running = 0;
  private queued = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    }
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.queued + this.running;
  }

  /**
   * Adds a task for `key`; resolves or rejects with the task's own outcome. A failed task
   * does not stop later tasks for the same key: ordering, not all-or-nothing.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const wrapped = (): Promise<void> => task().then(resolve, reject);
      const queue = this.queues.get(key);
      if (queue) {
        queue.push(wrapped);
      } else {
        this.queues.set(key, [wrapped]);
        this.ready.push(key);
      }
      this.queued++;
      this.pump();
    });
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    if (this.size === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.ready.length > 0) {
      const key = this.ready.shift() as string;
      const queue = this.queues.get(key);
      const next = queue?.shift();
      if (!queue || !next) continue;
      this.queued--;
      this.running++;
      void next().finally(() => {
        this.running--;
        if (queue.length > 0) this.ready.push(key);
        else this.queues.delete(key);
        this.pump();
        if (this.size === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
    }
  }
}
