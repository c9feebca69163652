/** What a command may touch of the process, so tests can run commands in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Base for relative paths (config file, store path, init output). */
  cwd: string;
  /**
   * Resolves with the signal name when the process is asked to stop (SIGINT, SIGTERM); a second
   * signal ends the process at once.
   */
  shutdownRequested: () => Promise<string>;
}

/** The real process. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    shutdownRequested: () =>
      new Promise((resolve) => {
        const stop = (signal: string): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          // A second signal while stopping ends the process at once.
          const force = (): never => process.exit(130);
          process.once('SIGINT', force);
          process.once('SIGTERM', force);
          resolve(signal);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
  };
}
