/**
 * Pull-subscription flow control for one Subscribe call.
 *
 * platform-facts.md, Pub/Sub API ("Pull Subscription and Flow Control"): num_requested is capped
 * at 100 per Subscribe call across all FetchRequests, the server caps anything higher, and each
 * FetchResponse carries pending_num_requested. Reading chosen: the cap bounds the events requested
 * and not yet delivered, so a request that would lift them above 100 lifts them to 100.
 */
export const MAX_PENDING_EVENTS = 100;

export class FlowControl {
  private outstanding = 0;

  constructor(private readonly cap: number = MAX_PENDING_EVENTS) {}

  /** Events requested and not yet delivered: `pending_num_requested`. */
  get pending(): number {
    return this.outstanding;
  }

  /** Adds a FetchRequest's num_requested, capped. */
  request(numRequested: number): void {
    if (!Number.isInteger(numRequested) || numRequested < 0) {
      throw new RangeError(`num_requested must be a non-negative integer, got ${numRequested}`);
    }
    this.outstanding = Math.min(this.cap, this.outstanding + numRequested);
  }

  /** How many of `available` events may be sent now; they count as delivered. */
  take(available: number): number {
    const granted = Math.max(0, Math.min(this.outstanding, available));
    this.outstanding -= granted;
    return granted;
  }
}
