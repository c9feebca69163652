import { describe, expect, it } from 'vitest';
import { RecordLocks } from '../../src/engine/record-locks.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('RecordLocks', () => {
  it('runs holders of one key one after another, other keys in parallel, and cleans up', async () => {
    const locks = new RecordLocks();
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(`${name}+`);
      await tick();
      order.push(`${name}-`);
    };
    await Promise.all([
      locks.run(['m:1', 'm:2'], task('batch')),
      locks.run(['m:2'], task('single')),
      locks.run(['m:3'], task('other')),
    ]);
    expect(order.indexOf('single+')).toBeGreaterThan(order.indexOf('batch-'));
    expect(order.indexOf('other+')).toBeLessThan(order.indexOf('batch-'));
    await tick();
    expect(locks.size).toBe(0);
  });

  it('releases the key when the work fails', async () => {
    const locks = new RecordLocks();
    await expect(locks.run(['m:1'], () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(locks.run(['m:1'], () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
