import { EXIT_CODES } from '../exit-codes.js';
import { CliError } from './cli-error.js';

/** The command line itself is wrong: unknown command or option, missing argument. Exit 2. */
export class UsageError extends CliError {
  /** Usage text to print after the message. */
  readonly usage: string | undefined;

  constructor(message: string, usage?: string) {
    super(message, EXIT_CODES.usage);
    this.name = 'UsageError';
    this.usage = usage;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
