/**
 * The org's daily API request allocation. Every counted call adds one (a whole composite
 * request counts once: platform-facts "Composite"); when the allocation is used up calls get
 * 403 REQUEST_LIMIT_EXCEEDED, and counted responses carry `Sforce-Limit-Info:
 * api-usage=used/limit` (platform-facts "Errors and limits"). The default of 15,000 is the
 * Developer Edition figure (third-party copies, platform-facts "Daily limits"). Calls are
 * counted over a rolling 24 hours; the facts do not state the window, this is our reading.
 */
import { ApiError } from '../api-error.js';
import { RollingCounter } from './rolling-counter.js';

export const DEVELOPER_EDITION_DAILY_API_REQUESTS = 15_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export class ApiUsage {
  private readonly calls: RollingCounter;

  constructor(
    public dailyLimit: number = DEVELOPER_EDITION_DAILY_API_REQUESTS,
    now: () => number = Date.now,
  ) {
    this.calls = new RollingCounter(DAY_MS, now);
  }

  /** Counts one call, or throws REQUEST_LIMIT_EXCEEDED when none are left. */
  consume(): void {
    if (this.calls.count() >= this.dailyLimit) {
      throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    }
    this.calls.add(1);
  }

  get usedCalls(): number {
    return this.calls.count();
  }

  get remaining(): number {
    return Math.max(0, this.dailyLimit - this.calls.count());
  }

  headerValue(): string {
    return `api-usage=${this.calls.count()}/${this.dailyLimit}`;
  }

  /** Fault injection: uses up the whole allocation. */
  exhaust(): void {
    this.calls.add(Math.max(0, this.dailyLimit - this.calls.count()));
  }

  reset(): void {
    this.calls.clear();
  }
}
