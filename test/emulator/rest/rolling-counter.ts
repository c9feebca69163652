/** Counts additions within a sliding time window (per-millisecond buckets, oldest first). */
export class RollingCounter {
  private readonly buckets: { at: number; amount: number }[] = [];
  private total = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  add(amount: number): void {
    if (amount <= 0) return;
    const at = this.now();
    const last = this.buckets[this.buckets.length - 1];
    if (last?.at === at) last.amount += amount;
    else this.buckets.push({ at, amount });
    this.total += amount;
  }

  count(): number {
    const oldest = this.now() - this.windowMs;
    while (this.buckets.length > 0 && (this.buckets[0]?.at ?? 0) <= oldest) {
      this.total -= this.buckets.shift()?.amount ?? 0;
    }
    return this.total;
  }

  clear(): void {
    this.buckets.length = 0;
    this.total = 0;
  }
}
