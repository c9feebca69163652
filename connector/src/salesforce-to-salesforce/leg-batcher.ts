import { BatchGathering } from '../engine/batch-gathering.js';
import type { LegOutcome } from './apply.js';
import type { OrgEvent } from './org-event.js';

interface Waiting {
  event: OrgEvent;
  resolve: (outcome: LegOutcome) => void;
  reject: (error: unknown) => void;
}

export interface LegBatcherOptions {
  /** Applies one batch of events; answers one outcome per event, in order. */
  apply(events: OrgEvent[]): Promise<LegOutcome[]>;
  /** Events one batch carries: what one target read covers (1,000). */
  maxBatch: number;
  /** Longest an event waits for others, and only while {@link busy} says more may come. */
  maxWaitMs?: number;
  /** Events being worked on now (each may submit). */
  busy?: () => number;
}

/**
 * Collects the events of one leg that independent record lanes submit into batches, so a burst
 * of changes costs one target read and one write per 200 records instead of calls per record,
 * while each lane still awaits its own outcome. A lone event goes at the end of the turn.
 */
export class LegBatcher {
  private waiting: Waiting[] = [];
  private applying = 0;
  private readonly gathering: BatchGathering;

  constructor(private readonly options: LegBatcherOptions) {
    const busy = options.busy;
    this.gathering = new BatchGathering({
      maxWaitMs: options.maxWaitMs ?? 50,
      others: busy ? () => busy() - this.waiting.length - this.applying : () => 0,
      flush: () => {
        this.flush();
      },
    });
  }

  submit(event: OrgEvent): Promise<LegOutcome> {
    return new Promise<LegOutcome>((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      if (this.waiting.length >= this.options.maxBatch) this.flush();
      else this.gathering.added();
    });
  }

  private flush(): void {
    this.gathering.reset();
    while (this.waiting.length > 0) {
      const batch = this.waiting.slice(0, this.options.maxBatch);
      this.waiting = this.waiting.slice(batch.length);
      this.send(batch);
    }
  }

  private send(batch: Waiting[]): void {
    this.applying += batch.length;
    void this.options
      .apply(batch.map((item) => item.event))
      .then(
        (outcomes) => {
          batch.forEach((item, index) => {
            const outcome = outcomes[index];
            if (outcome) item.resolve(outcome);
            else item.reject(new Error('the batch answered fewer outcomes than events'));
          });
        },
        (error: unknown) => {
          for (const item of batch) item.reject(error);
        },
      )
      .finally(() => {
        this.applying -= batch.length;
      });
  }
}
