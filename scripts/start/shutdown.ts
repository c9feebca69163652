/**
 * Ctrl-C for the demo: the first SIGINT or SIGTERM stops everything cleanly, a second one at
 * once. Closing the terminal (SIGHUP) stops it cleanly too, so the local WordPress's servers,
 * which run in process groups of their own, are not left behind.
 */

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface StopSignals {
  /** Resolves with the signal's name on the first SIGINT, SIGTERM or SIGHUP. */
  readonly requested: Promise<string>;
  readonly isRequested: () => boolean;
  /** Stops listening. */
  readonly dispose: () => void;
}

/**
 * One Ctrl-C can arrive twice: the terminal signals every process in the group, and a wrapper
 * such as tsx's CLI may relay its own copy. Signals this close to the first are the same one.
 */
export const SAME_SIGNAL_WINDOW_MS = 1000;

/**
 * Listens for SIGINT, SIGTERM and SIGHUP. On a second signal, later than
 * {@link SAME_SIGNAL_WINDOW_MS} after the first, `onForce` runs (synchronous clean-up only) and
 * the process exits with 130.
 */
export function listenForStop(onForce: () => void, now: () => number = Date.now): StopSignals {
  let firstAt: number | undefined;
  let resolveRequested: (signal: string) => void = () => undefined;
  const requested = new Promise<string>((resolve) => {
    resolveRequested = resolve;
  });
  const handle = (signal: NodeJS.Signals): void => {
    if (firstAt === undefined) {
      firstAt = now();
      resolveRequested(signal);
      return;
    }
    if (now() - firstAt < SAME_SIGNAL_WINDOW_MS) return;
    process.stderr.write('\nStopping at once.\n');
    onForce();
    process.exit(130);
  };
  for (const signal of SIGNALS) process.on(signal, handle);
  // After a hang-up the terminal is gone: output to it fails, and must not stop the clean-up.
  const ignore = (): void => undefined;
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  return {
    requested,
    isRequested: () => firstAt !== undefined,
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, handle);
      process.stdout.off('error', ignore);
      process.stderr.off('error', ignore);
    },
  };
}
