import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `parseArgs` that reports a bad command line as a {@link UsageError} carrying the command's
 * help, so the operator sees what went wrong and what is accepted.
 */
export function parseCommandLine<T extends Options>(
  args: string[],
  options: T,
  help: string,
  positionals: { min?: number; max?: number } = {},
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true }>> {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, help);
  }
  const count = parsed.positionals.length;
  if (count < (positionals.min ?? 0)) throw new UsageError('missing argument', help);
  if (count > (positionals.max ?? 0)) {
    throw new UsageError(`unexpected argument '${parsed.positionals.at(-1) ?? ''}'`, help);
  }
  return parsed;
}
