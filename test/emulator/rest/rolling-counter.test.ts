import { describe, expect, it } from 'vitest';
import { ApiUsage } from './api-usage.js';
import { RollingCounter } from './rolling-counter.js';

describe('rolling counters', () => {
  it('forgets additions older than the window', () => {
    let now = 0;
    const counter = new RollingCounter(1000, () => now);
    counter.add(2);
    now = 500;
    counter.add(3);
    expect(counter.count()).toBe(5);
    now = 1000;
    expect(counter.count()).toBe(3);
    now = 1500;
    expect(counter.count()).toBe(0);
  });

  it('gives the API allocation back 24 hours after the calls', () => {
    let now = 0;
    const usage = new ApiUsage(2, () => now);
    usage.consume();
    usage.consume();
    expect(() => {
      usage.consume();
    }).toThrow('TotalRequests Limit exceeded.');
    expect(usage.headerValue()).toBe('api-usage=2/2');
    now = 24 * 60 * 60 * 1000 + 1;
    usage.consume();
    expect(usage.headerValue()).toBe('api-usage=1/2');
  });
});
