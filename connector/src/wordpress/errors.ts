/**
 * WordPress failures as typed errors. `retryable` is the single fact the sync engine's retry
 * policy needs; the WordPress error `code` and `details` are kept for logs and dead letters.
 */
export class WordPressError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(
    message: string,
    options: {
      code: string;
      status?: number;
      retryable?: boolean;
      details?: unknown;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
    this.name = 'WordPressError';
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** The site refused our credentials: retrying cannot help until someone fixes them. */
export class WordPressAuthenticationError extends WordPressError {
  constructor(message: string, options: { code: string; status?: number; details?: unknown }) {
    super(message, { ...options, retryable: false });
    this.name = 'WordPressAuthenticationError';
  }
}

export class WordPressNotFoundError extends WordPressError {
  constructor(message: string, options: { code: string; status?: number; details?: unknown }) {
    super(message, { ...options, retryable: false });
    this.name = 'WordPressNotFoundError';
  }
}

/** No usable answer: connection refused or reset, timeout, or a 5xx/429. Worth retrying. */
export class WordPressUnavailableError extends WordPressError {
  constructor(message: string, options: { code: string; status?: number; cause?: unknown }) {
    super(message, { ...options, retryable: true });
    this.name = 'WordPressUnavailableError';
  }
}

interface WordPressErrorBody {
  code: string;
  message: string;
  data?: { status?: number; params?: Record<string, string>; details?: unknown } | null;
}

function isWordPressErrorBody(body: unknown): body is WordPressErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { code?: unknown }).code === 'string' &&
    typeof (body as { message?: unknown }).message === 'string'
  );
}

/** WordPress messages may carry markup such as `<strong>Error:</strong>`. */
function plainText(message: string): string {
  return message.replace(/<[^>]*>/g, '').trim();
}

/**
 * Refusals WordPress reports without an HTTP status of their own, which its REST server then
 * sends as 500 (wp_insert_user()'s WP_Error in the users controller, WordPress 6.1): the data is
 * wrong, so retrying cannot help.
 */
const PERMANENT_CODES = new Set([
  'existing_user_login',
  'existing_user_email',
  'empty_user_login',
  'user_login_too_long',
  'invalid_username',
  'user_nicename_too_long',
  'user_url_too_long',
]);

export interface ErrorContext {
  method: string;
  route: string;
  username: string;
}

/** Turns a non-2xx WordPress answer (whole request or one batch item) into a typed error. */
export function wordPressErrorFrom(
  status: number,
  body: unknown,
  context: ErrorContext,
): WordPressError {
  const where = `${context.method} ${context.route}`;
  if (!isWordPressErrorBody(body)) {
    const snippet =
      typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body).slice(0, 200);
    const options = { code: 'sfwp_unexpected_response', status };
    const message = `WordPress answered ${where} with HTTP ${status} and no WordPress error body: ${snippet}`;
    return status >= 500 || status === 429
      ? new WordPressUnavailableError(message, options)
      : new WordPressError(message, options);
  }
  const params = body.data?.params;
  const paramText = params
    ? ` (${Object.entries(params)
        .map(([name, problem]) => `${name}: ${plainText(problem)}`)
        .join('; ')})`
    : '';
  const message = `${where} failed: ${plainText(body.message)}${paramText} [${body.code}, HTTP ${status}]`;
  const options = { code: body.code, status, details: body.data ?? undefined };
  if (status === 401) {
    return new WordPressAuthenticationError(
      `WordPress did not accept the application password for user '${context.username}': ` +
        `${message}. Check WP_USERNAME and WP_APP_PASSWORD (application passwords need HTTPS, ` +
        `or WP_ENVIRONMENT_TYPE=local on plain http).`,
      options,
    );
  }
  if (status === 404) return new WordPressNotFoundError(message, options);
  if (PERMANENT_CODES.has(body.code)) return new WordPressError(message, options);
  if (status >= 500 || status === 429) return new WordPressUnavailableError(message, options);
  return new WordPressError(message, options);
}
