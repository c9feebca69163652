/** A command failed in a way the operator can act on; printed as one line, no stack. */
export class CliError extends Error {
  /** Process exit code (see `EXIT_CODES`). */
  readonly exitCode: number;

  constructor(message: string, exitCode = 1, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
