export interface BatchGatheringOptions {
  /** Longest the first waiting item is held while others may still join it. */
  maxWaitMs: number;
  /** How many more items may still join (records still working toward one). */
  others: () => number;
  flush: () => void;
}

/**
 * When a batcher sends what is waiting: at the end of the current turn of the event loop
 * (`setImmediate`, so items submitted together go together) when nothing else can join, and
 * otherwise as soon as nothing else can, or `maxWaitMs` after the first item at the latest. So
 * a lone item never waits for a timer, and a burst fills its batches.
 */
export class BatchGathering {
  private check: NodeJS.Immediate | undefined;
  private deadline: NodeJS.Timeout | undefined;

  constructor(private readonly options: BatchGatheringOptions) {}

  /** An item was added (and did not fill a batch). */
  added(): void {
    this.check ??= setImmediate(() => {
      this.check = undefined;
      if (this.options.others() <= 0) {
        this.options.flush();
        return;
      }
      this.deadline ??= setTimeout(() => {
        this.deadline = undefined;
        this.options.flush();
      }, this.options.maxWaitMs);
    });
  }

  /** What was waiting has been sent. */
  reset(): void {
    if (this.check) clearImmediate(this.check);
    if (this.deadline) clearTimeout(this.deadline);
    this.check = undefined;
    this.deadline = undefined;
  }
}
