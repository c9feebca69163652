import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { startModuleWorker } from '../../store/postgres/start-worker.js';
import type { KeeperCommand, KeeperEvent, KeeperThreadSetup } from './keeper-thread-protocol.js';
import type { LeaseKeeperOptions } from './lease-keeper.js';

export type LeaseKeeperThreadOptions = Omit<LeaseKeeperOptions, 'leases' | 'logger'> & {
  url: string;
  logger: Logger;
  /** How long a lease statement waits for the lease row's lock. @defaultValue 2000 */
  lockTimeoutMs?: number;
};

/**
 * The {@link LeaseKeeper} in a worker thread of its own (`lease-worker.ts`), with the same
 * calls: its renewals and a standby's requests run on time however long the main thread is busy.
 * The main thread learns of a takeover or a loss when it next turns; its writes are fenced in
 * PostgreSQL meanwhile, so a late message costs nothing but time. A thread that dies is
 * started again after a pause; a lease it held is treated as lost.
 */
export class LeaseKeeperThread {
  private worker: Worker | undefined;
  private token: number | undefined;
  private stopped = false;
  private settled: { gaveUp?: () => void; stopped?: () => void; asked?: () => void } = {};
  /** Resolves once the first request for the lease was answered (or the thread failed). */
  readonly firstAnswer = new Promise<void>((resolve) => {
    this.settled.asked = resolve;
  });

  constructor(private readonly options: LeaseKeeperThreadOptions) {}

  get currentToken(): number | undefined {
    return this.token;
  }

  start(): void {
    const { url, name, holder, ttlMs } = this.options;
    const setup: KeeperThreadSetup = {
      url,
      name,
      holder,
      ttlMs,
      renewEveryMs: this.options.renewEveryMs ?? ttlMs / 4,
      pollEveryMs: this.options.pollEveryMs ?? Math.max(100, ttlMs / 10),
      lockTimeoutMs: this.options.lockTimeoutMs ?? 2000,
    };
    const worker = startModuleWorker(
      new URL('./lease-worker.js', import.meta.url),
      new URL('./lease-worker.ts', import.meta.url),
      { workerData: setup },
      `require('node:worker_threads').parentPort.postMessage({ kind: 'failed', message: error.message });`,
    );
    worker.unref();
    worker.on('message', (event: KeeperEvent) => {
      this.handle(event);
    });
    worker.on('error', (error) => {
      this.failed(error.message);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.failed('the lease keeper thread ended');
    });
    this.worker = worker;
  }

  checkNow(): void {
    this.send({ kind: 'check-now' });
  }

  pause(): void {
    this.send({ kind: 'pause' });
  }

  /** Hands a held lease back; resolves once it is (or the thread is gone). */
  giveUp(): Promise<void> {
    this.token = undefined;
    return this.ask('give-up', 'gaveUp');
  }

  /** Stops the thread for good, releasing a held lease first. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.token = undefined;
    const worker = this.worker;
    await this.ask('stop', 'stopped');
    this.worker = undefined;
    await worker?.terminate();
  }

  private ask(kind: 'give-up' | 'stop', answer: 'gaveUp' | 'stopped'): Promise<void> {
    if (!this.worker) return Promise.resolve();
    const answered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      this.settled[answer] = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.send({ kind });
    return answered;
  }

  private send(command: KeeperCommand): void {
    this.worker?.postMessage(command);
  }

  private handle(event: KeeperEvent): void {
    const { logger } = this.options;
    switch (event.kind) {
      case 'acquired':
        if (this.stopped) return;
        this.token = event.token;
        this.options.onAcquired(event.token);
        return;
      case 'lost':
        if (this.token === event.token) this.token = undefined;
        this.options.onLost(event.token, event.reason);
        return;
      case 'change':
        this.options.onChange?.(event.change);
        return;
      case 'renewal':
        this.options.onRenewal?.(event.result);
        return;
      case 'log':
        logger[event.level](event.fields, event.message);
        return;
      case 'asked':
        this.settled.asked?.();
        return;
      case 'gave-up':
        this.settled.gaveUp?.();
        return;
      case 'stopped':
        this.settled.stopped?.();
        return;
      case 'failed':
        this.failed(event.message);
    }
  }

  private failed(message: string): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.settled.gaveUp?.();
    this.settled.stopped?.();
    this.settled.asked?.();
    if (this.stopped) return;
    this.options.logger.error({ reason: message }, 'the lease keeper thread failed; restarting it');
    const token = this.token;
    this.token = undefined;
    if (token !== undefined) {
      this.options.onChange?.('lost');
      this.options.onLost(token, `the lease keeper thread failed: ${message}`);
    }
    setTimeout(() => {
      if (!this.stopped) this.start();
    }, this.options.ttlMs).unref();
  }
}
