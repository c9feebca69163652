/**
 * Decides which replay position may be committed. Events finish out of order (different
 * records are written in parallel), but the stored position must never pass an event whose
 * writes are not yet durable; otherwise a crash would skip it. So the committable position is
 * the replay id of the newest event such that it and every event received before it are done.
 */
export class ReplayTracker<Position> {
  private readonly pending: { sequence: number; position: Position; done: boolean }[] = [];
  private nextSequence = 0;
  private committable: Position | undefined;

  /**
   * @param compare Orders positions. With it, events are kept in position order whatever order
   * they arrive in (the Pub/Sub client can hand over a later batch before an earlier one while
   * it fetches a schema); without it, in delivery order.
   */
  constructor(private readonly compare?: (left: Position, right: Position) => number) {}

  /** Registers an event as received; returns its ticket for `complete`. */
  receive(position: Position): number {
    const sequence = this.nextSequence++;
    const entry = { sequence, position, done: false };
    const compare = this.compare;
    const at = compare
      ? this.pending.findIndex((candidate) => compare(candidate.position, position) > 0)
      : -1;
    if (at === -1) this.pending.push(entry);
    else this.pending.splice(at, 0, entry);
    return sequence;
  }

  /** Marks an event's work durable (written, or dead-lettered). */
  complete(sequence: number): void {
    const entry = this.pending.find((candidate) => candidate.sequence === sequence);
    if (!entry) throw new Error(`Unknown or already committed event ticket ${sequence}`);
    entry.done = true;
    while (this.pending[0]?.done) {
      this.committable = (this.pending.shift() as { position: Position }).position;
    }
  }

  /** The newest position that is safe to store, or undefined if none advanced yet. */
  committablePosition(): Position | undefined {
    return this.committable;
  }

  /** Events received and not yet complete or not yet covered by the committable position. */
  get outstanding(): number {
    return this.pending.length;
  }
}
