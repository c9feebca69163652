export { CliError } from './cli-error.js';
export { UsageError } from './usage-error.js';
