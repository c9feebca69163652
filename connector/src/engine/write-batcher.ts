import type { WordPressClient } from '../wordpress/client.js';
import type { WriteOperation, WriteResult } from '../wordpress/types.js';

export interface WriteBatcherOptions {
  /** Flush when this many writes wait; the site's /batch/v1 limit is a good value (25). */
  maxBatch?: number;
  /** Flush a partial batch after this long, so a lone write is not held up. */
  maxWaitMs?: number;
}

/**
 * Collects writes submitted by independent record tasks into `writeMany` calls, so records
 * processed in parallel share /batch/v1 requests while each task still awaits its own result.
 */
export class WriteBatcher {
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private waiting: {
    operation: WriteOperation;
    resolve: (result: WriteResult) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly client: Pick<WordPressClient, 'writeMany'>,
    options: WriteBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 25;
    this.maxWaitMs = options.maxWaitMs ?? 15;
  }

  submit(operation: WriteOperation): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      this.waiting.push({ operation, resolve, reject });
      if (this.waiting.length >= this.maxBatch) this.flushNow();
      else
        this.timer ??= setTimeout(() => {
          this.flushNow();
        }, this.maxWaitMs);
    });
  }

  /** Sends what is waiting and resolves when every write submitted so far has its result. */
  async flush(): Promise<void> {
    this.flushNow();
    await Promise.all([...this.inFlight]);
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    const sending = this.client
      .writeMany(batch.map((item) => item.operation))
      .then(
        (results) => {
          batch.forEach((item, index) => {
            const result = results[index];
            if (result) item.resolve(result);
            else item.reject(new Error('writeMany returned fewer results than operations'));
          });
        },
        (error: unknown) => {
          for (const item of batch) item.reject(error);
        },
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }
}
