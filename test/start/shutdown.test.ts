import { afterEach, describe, expect, it, vi } from 'vitest';
import { SAME_SIGNAL_WINDOW_MS, listenForStop } from '../../scripts/start/shutdown.js';

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
  vi.restoreAllMocks();
});

describe('the demo’s stop signals', () => {
  it('asks for a clean stop on the first signal and treats a copy right behind it as the same one', async () => {
    let clock = 1_000;
    const forced = vi.fn();
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const signals = listenForStop(forced, () => clock);
    disposers.push(signals.dispose);
    expect(signals.isRequested()).toBe(false);
    process.emit('SIGINT', 'SIGINT');
    await expect(signals.requested).resolves.toBe('SIGINT');
    clock += SAME_SIGNAL_WINDOW_MS - 1;
    process.emit('SIGINT', 'SIGINT');
    expect(forced).not.toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
  });

  it('stops at once on a second Ctrl-C', () => {
    let clock = 1_000;
    const forced = vi.fn();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const signals = listenForStop(forced, () => clock);
    disposers.push(signals.dispose);
    process.emit('SIGTERM', 'SIGTERM');
    clock += SAME_SIGNAL_WINDOW_MS;
    process.emit('SIGINT', 'SIGINT');
    expect(forced).toHaveBeenCalledOnce();
    expect(exit).toHaveBeenCalledWith(130);
    expect(stderr).toHaveBeenCalledWith('\nStopping at once.\n');
  });
});
