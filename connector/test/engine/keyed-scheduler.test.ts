import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KeyedScheduler } from '../../src/engine/keyed-scheduler.js';

describe('KeyedScheduler', () => {
  it('keeps per-key order while running different keys in parallel up to the bound', async () => {
    const scheduler = new KeyedScheduler(3);
    const applied = new Map<string, number[]>();
    let running = 0;
    let peak = 0;
    const tasks: Promise<void>[] = [];
    for (let step = 0; step < 20; step++) {
      for (const key of ['a', 'b', 'c', 'd', 'e']) {
        tasks.push(
          scheduler.run(key, async () => {
            running++;
            peak = Math.max(peak, running);
            await delay(Math.random() * 3);
            applied.set(key, [...(applied.get(key) ?? []), step]);
            running--;
          }),
        );
      }
    }
    expect(scheduler.size).toBe(100);
    await Promise.all(tasks);
    await scheduler.idle();
    expect(peak).toBe(3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      expect(applied.get(key)).toEqual(Array.from({ length: 20 }, (_, index) => index));
    }
    expect(scheduler.size).toBe(0);
  });

  it('runs one key strictly one task at a time, even when a task fails', async () => {
    const scheduler = new KeyedScheduler(8);
    const log: string[] = [];
    const first = scheduler.run('x', async () => {
      log.push('first start');
      await delay(5);
      log.push('first end');
      throw new Error('boom');
    });
    const second = scheduler.run('x', () => {
      log.push('second');
      return Promise.resolve(2);
    });
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe(2);
    expect(log).toEqual(['first start', 'first end', 'second']);
  });

  it('refuses a non-positive bound', () => {
    expect(() => new KeyedScheduler(0)).toThrow(RangeError);
  });
});
