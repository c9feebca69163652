/**
 * Keyed mutual exclusion between the two directions: a Salesforce change and a WordPress
 * change of the same record never read-merge-write at the same time, so neither decides on
 * values the other is about to replace. Keys are `<mapping>:<WordPress id>`.
 */
export class RecordLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier holder of each key is done; keys are taken in sorted order. */
  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = sorted.map((key) => {
      const tail = this.tails.get(key) ?? Promise.resolve();
      const mine = tail.then(() => held);
      this.tails.set(key, mine);
      void mine.then(() => {
        if (this.tails.get(key) === mine) this.tails.delete(key);
      });
      return tail;
    });
    try {
      await Promise.all(previous);
      return await work();
    } finally {
      release();
    }
  }

  /** Keys currently held or waited for (for tests). */
  get size(): number {
    return this.tails.size;
  }
}

export function recordKey(mapping: string, wordpressId: number): string {
  return `${mapping}:${String(wordpressId)}`;
}
