/**
 * Remembers the nonces of signed calls for as long as their timestamps are acceptable, so the
 * same call cannot be accepted twice. Bounded: when full, the oldest nonces go first (a call that
 * old is refused by its timestamp anyway once the window has passed).
 */
export class ReplayGuard {
  private readonly seenUntil = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly capacity = 100_000,
  ) {}

  /** True the first time a nonce is offered within the window; false for a replay. */
  admit(nonce: string, nowMs = Date.now()): boolean {
    this.forgetExpired(nowMs);
    if (this.seenUntil.has(nonce)) return false;
    if (this.seenUntil.size >= this.capacity) {
      const oldest = this.seenUntil.keys().next();
      if (!oldest.done) this.seenUntil.delete(oldest.value);
    }
    this.seenUntil.set(nonce, nowMs + this.windowMs);
    return true;
  }

  private forgetExpired(nowMs: number): void {
    // Insertion order is expiry order (a fixed window), so stop at the first live entry.
    for (const [nonce, until] of this.seenUntil) {
      if (until > nowMs) return;
      this.seenUntil.delete(nonce);
    }
  }
}
