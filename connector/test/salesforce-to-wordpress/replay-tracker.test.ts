import { describe, expect, it } from 'vitest';
import { ReplayTracker } from '../../src/salesforce-to-wordpress/replay-tracker.js';

describe('ReplayTracker', () => {
  it('never passes an event that is still in flight', () => {
    const tracker = new ReplayTracker<string>();
    const a = tracker.receive('r1');
    const b = tracker.receive('r2');
    const c = tracker.receive('r3');
    tracker.complete(c);
    expect(tracker.committablePosition()).toBeUndefined();
    tracker.complete(a);
    expect(tracker.committablePosition()).toBe('r1');
    tracker.complete(b);
    expect(tracker.committablePosition()).toBe('r3');
    expect(tracker.outstanding).toBe(0);
  });

  it('rejects unknown or repeated tickets', () => {
    const tracker = new ReplayTracker<number>();
    const ticket = tracker.receive(1);
    tracker.complete(ticket);
    expect(() => {
      tracker.complete(ticket);
    }).toThrow(/Unknown or already committed/);
  });

  it('holds any random completion order to the contiguous prefix', () => {
    const tracker = new ReplayTracker<number>();
    const tickets = Array.from({ length: 200 }, (_, index) => tracker.receive(index));
    const order = [...tickets].sort(() => Math.random() - 0.5);
    const finished = new Set<number>();
    for (const ticket of order) {
      tracker.complete(ticket);
      finished.add(ticket);
      let prefix = -1;
      while (finished.has(prefix + 1)) prefix++;
      expect(tracker.committablePosition()).toBe(prefix === -1 ? undefined : prefix);
    }
  });

  it('orders by position when given a comparison, so a late earlier event holds the position back', () => {
    const tracker = new ReplayTracker<number>((left, right) => left - right);
    const third = tracker.receive(3);
    const first = tracker.receive(1);
    tracker.complete(third);
    expect(tracker.committablePosition()).toBeUndefined();
    const second = tracker.receive(2);
    tracker.complete(first);
    expect(tracker.committablePosition()).toBe(1);
    tracker.complete(second);
    expect(tracker.committablePosition()).toBe(3);
  });
});
