import type { Config } from '../../config/index.js';
import { readStatusToken, statusTokenPath } from '../../server/index.js';
import type { ConnectorStatus } from '../../engine/status.js';
import { CliError } from '../errors/index.js';
import { EXIT_CODES } from '../exit-codes.js';

export interface FetchedStatus {
  /** HTTP status: 200 healthy, 503 not. */
  httpStatus: number;
  status: ConnectorStatus;
  url: string;
}

/** Where a client reaches the status server: a wildcard bind address is reached on loopback. */
export function statusUrl(config: Pick<Config, 'server'>): string {
  const host =
    { '0.0.0.0': '127.0.0.1', '::': '::1', '': '127.0.0.1' }[config.server.host] ??
    config.server.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${String(config.server.port)}/healthz`;
}

/**
 * Asks the running connector's `/healthz` for its status, with the token from `server.token` or
 * the `status-token` file. Unreachable, refused or unreadable answers are a {@link CliError} with
 * exit code 3 that says what to check.
 */
export async function fetchStatus(
  config: Pick<Config, 'server' | 'store'>,
  cwd: string,
  timeoutMs = 5_000,
): Promise<FetchedStatus> {
  const url = statusUrl(config);
  const credential = readStatusToken(config, cwd);
  if (credential === undefined) {
    throw new CliError(
      `No status token: set server.token (or SFWP_STATUS_TOKEN) or start the connector, which writes ${statusTokenPath(config, cwd)}.`,
      EXIT_CODES.unreachable,
    );
  }
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${credential.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const why = cause?.code ?? (error as Error).name;
    throw new CliError(
      `No connector answers at ${url} (${why}). Is \`sfwp start\` running with this config (server.host, server.port)?`,
      EXIT_CODES.unreachable,
      { cause: error },
    );
  }
  if (response.status === 401) {
    throw new CliError(
      `The connector at ${url} refused the status token from ${credential.source}. ` +
        'Use the same server.token as the connector, or the status-token file it wrote.',
      EXIT_CODES.unreachable,
    );
  }
  if (response.status !== 200 && response.status !== 503) {
    throw new CliError(
      `Unexpected answer from ${url}: HTTP ${String(response.status)}. Is this an sfwp connector?`,
      EXIT_CODES.unreachable,
    );
  }
  try {
    return { httpStatus: response.status, status: (await response.json()) as ConnectorStatus, url };
  } catch (error) {
    throw new CliError(
      `The answer from ${url} is not a connector status.`,
      EXIT_CODES.unreachable,
      {
        cause: error,
      },
    );
  }
}
