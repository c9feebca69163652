import type { WordPressClient } from '../wordpress/client.js';
import type { WriteOperation, WriteResult } from '../wordpress/types.js';
import { BatchGathering } from './batch-gathering.js';

export interface WriteBatcherOptions {
  /** Flush when this many writes wait; by default what the client carries in one request. */
  maxBatch?: number;
  /**
   * Longest a write waits for others to share its request, and it waits only while
   * {@link busy} says other records may still submit one.
   */
  maxWaitMs?: number;
  /**
   * Records being worked on now (each may submit a write). Without it a write waits only for
   * the writes submitted in the same turn of the event loop.
   */
  busy?: () => number;
  /**
   * `writeMany` calls in flight at once (2: WordPress's measured best for batch requests).
   * While they are, writes wait and fill the next request, so a burst makes full batches.
   */
  concurrentRequests?: number;
}

interface Waiting {
  operation: WriteOperation;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

/** `/batch/v1`'s default size, for a client that does not say what it can carry. */
const DEFAULT_BATCH = 25;

/**
 * Collects writes submitted by independent record tasks into `writeMany` calls, so records
 * processed in parallel share batch requests while each task still awaits its own result.
 * A write never waits when nothing else is pending: it goes at the end of the current turn
 * unless other records are still on their way to a write (then up to `maxWaitMs`), or unless
 * `concurrentRequests` calls are in flight already (then it goes in the next one).
 */
export class WriteBatcher {
  private readonly maxBatch: number | undefined;
  private readonly concurrentRequests: number;
  private waiting: Waiting[] = [];
  /** Writes handed to `writeMany` and not answered yet. */
  private sending = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly gathering: BatchGathering;

  constructor(
    private readonly client: Pick<WordPressClient, 'writeMany' | 'preferredBatchSize'>,
    options: WriteBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch;
    this.concurrentRequests = Math.max(1, options.concurrentRequests ?? 2);
    const busy = options.busy;
    this.gathering = new BatchGathering({
      maxWaitMs: options.maxWaitMs ?? 50,
      // Records that may still submit: the busy ones not already waiting on a write.
      others: busy ? () => busy() - this.waiting.length - this.sending : () => 0,
      flush: () => {
        this.flushNow();
      },
    });
  }

  /** Writes one request carries now: the client's current capacity unless set. */
  get batchSize(): number {
    return this.maxBatch ?? this.client.preferredBatchSize?.() ?? DEFAULT_BATCH;
  }

  submit(operation: WriteOperation): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      this.waiting.push({ operation, resolve, reject });
      if (this.waiting.length >= this.batchSize) this.flushNow();
      else this.gathering.added();
    });
  }

  /** Sends what is waiting and resolves when every write submitted so far has its result. */
  async flush(): Promise<void> {
    while (this.waiting.length > 0 || this.inFlight.size > 0) {
      this.flushNow();
      await Promise.race([...this.inFlight]);
    }
  }

  private flushNow(): void {
    this.gathering.reset();
    while (this.waiting.length > 0 && this.inFlight.size < this.concurrentRequests) {
      const batch = this.waiting.slice(0, this.batchSize);
      this.waiting = this.waiting.slice(batch.length);
      this.send(batch);
    }
  }

  private send(batch: Waiting[]): void {
    this.sending += batch.length;
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
      .finally(() => {
        this.sending -= batch.length;
        this.inFlight.delete(sending);
        // What gathered meanwhile goes once the records still on their way have joined it.
        if (this.waiting.length > 0) this.gathering.added();
      });
    this.inFlight.add(sending);
  }
}
