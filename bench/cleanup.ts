/**
 * Everything the benchmark starts registers its stop function here, so that a normal end, a
 * failure and Ctrl-C all stop the same things, newest first. Last-resort synchronous hooks
 * (SIGKILL by pid) run on process exit for children a crash would otherwise leave behind.
 */

type Stop = () => Promise<void> | void;

const stack: { name: string; stop: Stop }[] = [];
const exitHooks = new Set<() => void>();
let running: Promise<void> | undefined;

/**
 * Registers a stop function; returns a function that stops it now and unregisters it. Once
 * everything is being stopped (Ctrl-C), whatever starts late is stopped at once and the caller
 * gets an error, so the interrupted run starts nothing new.
 */
export function onCleanup(name: string, stop: Stop): () => Promise<void> {
  if (running) {
    void Promise.resolve()
      .then(stop)
      .catch(() => undefined);
    throw new Error(`interrupted: ${name} was stopped as soon as it started`);
  }
  const entry = { name, stop };
  stack.push(entry);
  return async () => {
    const index = stack.indexOf(entry);
    if (index < 0) return;
    stack.splice(index, 1);
    await entry.stop();
  };
}

/** True once everything is being stopped (after Ctrl-C, or at the end of the run). */
export function cleaningUp(): boolean {
  return running !== undefined;
}

/** A synchronous hook for `process.on('exit')` (kill a child by pid); returns its remover. */
export function onExit(hook: () => void): () => void {
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}

process.on('exit', () => {
  for (const hook of exitHooks) {
    try {
      hook();
    } catch {
      // Best effort: the process is ending.
    }
  }
});

/** Stops everything registered, newest first; a failing stop is reported and the rest still run. */
export function cleanUpAll(): Promise<void> {
  running ??= (async () => {
    while (stack.length > 0) {
      const entry = stack.pop();
      if (!entry) break;
      try {
        await entry.stop();
      } catch (error) {
        console.error(
          `bench: stopping ${entry.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  })();
  return running;
}

/** Ctrl-C and SIGTERM stop everything and exit non-zero; a second signal exits at once. */
export function installSignalHandlers(): void {
  let signalled = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (signalled) {
      console.error(`bench: ${signal} again, exiting without waiting`);
      process.exit(130);
    }
    signalled = true;
    console.error(`\nbench: ${signal}: stopping everything it started…`);
    void cleanUpAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
