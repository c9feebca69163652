import { pino, type DestinationStream, type Logger } from 'pino';

/** Keys whose values are credentials wherever they appear, up to two levels deep. */
const SECRET_KEYS = [
  'password',
  'applicationPassword',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'privateKey',
  'assertion',
  'authorization',
  'Authorization',
  'accesstoken',
  'signature',
  'token',
];

export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go; stdout by default. */
  destination?: DestinationStream;
  /** Static fields on every line, e.g. `{ component: 'intake' }`. */
  base?: Record<string, unknown>;
}

/**
 * The connector's logger: one JSON object per line (pino), with credentials censored by key.
 * Values wrapped in `Secret` print as `[redacted]` anyway; this catches raw tokens in API
 * responses and error objects.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'sfwp-connector', ...options.base },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination(1),
  );
}
