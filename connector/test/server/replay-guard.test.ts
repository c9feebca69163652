import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../src/server/replay-guard.js';

describe('ReplayGuard', () => {
  it('admits a nonce once within the window and again after it', () => {
    const guard = new ReplayGuard(1_000);
    expect(guard.admit('n1', 0)).toBe(true);
    expect(guard.admit('n1', 999)).toBe(false);
    expect(guard.admit('n1', 1_000)).toBe(true);
  });

  it('stays within its capacity, forgetting the oldest nonce first', () => {
    const guard = new ReplayGuard(60_000, 2);
    expect(guard.admit('a', 0)).toBe(true);
    expect(guard.admit('b', 1)).toBe(true);
    expect(guard.admit('c', 2)).toBe(true);
    expect(guard.admit('b', 3)).toBe(false);
    expect(guard.admit('c', 3)).toBe(false);
    expect(guard.admit('a', 3)).toBe(true);
  });
});
