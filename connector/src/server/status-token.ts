import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';

/** Name of the generated token's file, next to the state database. */
export const STATUS_TOKEN_FILE = 'status-token';

/** Where the generated status token lives for a config: beside `store.path`. */
export function statusTokenPath(config: Pick<Config, 'store'>, cwd = process.cwd()): string {
  return join(dirname(resolve(cwd, config.store.path)), STATUS_TOKEN_FILE);
}

export interface PrepareStatusTokenOptions {
  config: Pick<Config, 'server' | 'store'>;
  logger: Logger;
  /** Base of a relative `store.path`. @defaultValue `process.cwd()` */
  cwd?: string;
}

/**
 * The bearer token the status server requires: `server.token` when configured, else a new random
 * one written (mode 0600, atomically) to the `status-token` file for `sfwp status` to read. Logs
 * where the token comes from, never the token.
 */
export function prepareStatusToken(options: PrepareStatusTokenOptions): string {
  const configured = options.config.server.token;
  if (configured !== undefined) {
    options.logger.info({ tokenSource: configured.source }, 'status server token from config');
    return configured.reveal();
  }
  const path = statusTokenPath(options.config, options.cwd);
  const token = randomBytes(32).toString('base64url');
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${String(process.pid)}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, `${token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  options.logger.info({ tokenFile: path }, 'status server token generated');
  return token;
}

/**
 * The token a client (`sfwp status`) presents: `server.token` when configured, else the one the
 * running connector wrote. Returns undefined when neither exists.
 */
export function readStatusToken(
  config: Pick<Config, 'server' | 'store'>,
  cwd = process.cwd(),
): { token: string; source: string } | undefined {
  if (config.server.token !== undefined) {
    return { token: config.server.token.reveal(), source: config.server.token.source };
  }
  const path = statusTokenPath(config, cwd);
  try {
    const token = readFileSync(path, 'utf8').trim();
    return token === '' ? undefined : { token, source: `file ${path}` };
  } catch {
    return undefined;
  }
}
