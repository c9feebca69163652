import { describe, expect, it } from 'vitest';
import { FlowControl, MAX_PENDING_EVENTS } from './flow-control.js';

describe('flow control accounting', () => {
  it('caps requested events at 100 across FetchRequests', () => {
    const flow = new FlowControl();
    expect(MAX_PENDING_EVENTS).toBe(100);
    flow.request(60);
    flow.request(60);
    expect(flow.pending).toBe(100);
    flow.request(500);
    expect(flow.pending).toBe(100);
  });

  it('never grants more than requested, and counts what was granted', () => {
    const flow = new FlowControl();
    flow.request(5);
    expect(flow.take(3)).toBe(3);
    expect(flow.pending).toBe(2);
    expect(flow.take(10)).toBe(2);
    expect(flow.pending).toBe(0);
    expect(flow.take(10)).toBe(0);
    flow.request(7);
    expect(flow.take(0)).toBe(0);
    expect(flow.pending).toBe(7);
  });

  it('tops up to the cap after deliveries', () => {
    const flow = new FlowControl();
    flow.request(100);
    expect(flow.take(40)).toBe(40);
    flow.request(100);
    expect(flow.pending).toBe(100);
  });

  it('rejects negative or fractional requests', () => {
    const flow = new FlowControl();
    expect(() => {
      flow.request(-1);
    }).toThrow(RangeError);
    expect(() => {
      flow.request(1.5);
    }).toThrow(RangeError);
  });
});
