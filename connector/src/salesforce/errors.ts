/**
 * What Salesforce's REST API refuses, as a small set of types the rest of the connector can
 * tell apart with `instanceof`. jsforce throws one shape for every HTTP failure (an Error whose
 * `name` and `errorCode` are Salesforce's code and whose `data` is the parsed error body, with
 * no HTTP status); {@link toSalesforceError} turns it into these at the boundary of each
 * salesforce/ module that makes calls, so nothing else reads jsforce's shape.
 */

/** Codes that mean the session or the credentials behind it were refused. */
export const SESSION_ERROR_CODES: ReadonlySet<string> = new Set([
  'INVALID_SESSION_ID',
  'INVALID_AUTH_HEADER',
  'invalid_grant',
]);
/** The org's rolling 24-hour API allowance is spent. */
export const REQUEST_LIMIT_CODE = 'REQUEST_LIMIT_EXCEEDED';

export interface SalesforceApiErrorDetails {
  /** Salesforce's code, e.g. `MALFORMED_QUERY`; `ERROR_HTTP_<status>` when the body was not Salesforce's. */
  errorCode: string;
  /** The HTTP status, when the error says it (jsforce reports it only in `ERROR_HTTP_<status>`). */
  httpStatus?: number | undefined;
  /** Fields the error names (Salesforce's `fields`). */
  fields?: readonly string[];
  cause?: unknown;
}

/** A call Salesforce answered with an error. */
export class SalesforceApiError extends Error {
  readonly errorCode: string;
  readonly httpStatus: number | undefined;
  readonly fields: readonly string[];

  constructor(message: string, details: SalesforceApiErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.errorCode = details.errorCode;
    this.httpStatus = details.httpStatus;
    this.fields = details.fields ?? [];
  }
}

/**
 * The access token was refused and jsforce could not get a new one; nothing is wrong with the
 * records, the connector's credentials need fixing.
 */
export class SalesforceSessionError extends SalesforceApiError {}

/** {@link REQUEST_LIMIT_CODE}: every call fails until the allowance resets. */
export class SalesforceRequestLimitError extends SalesforceApiError {}

/** Salesforce refused the connector's credentials; intake stops until they are fixed. */
export class SalesforceAuthError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SalesforceAuthError';
  }
}

/** The `fields` of a Salesforce error body: one `{message, errorCode, fields}` or a list of them. */
function fieldsOf(data: unknown): string[] {
  const bodies = Array.isArray(data) ? (data as unknown[]) : [data];
  const fields = bodies.flatMap((body) => {
    const named = (body as { fields?: unknown } | null)?.fields;
    return Array.isArray(named) ? named.filter((field) => typeof field === 'string') : [];
  });
  return [...new Set(fields)];
}

function httpStatusOf(errorCode: string): number | undefined {
  const match = /^ERROR_HTTP_(\d{3})$/.exec(errorCode);
  return match ? Number(match[1]) : undefined;
}

/** How jsforce words a failed token refresh; it keeps only the cause's message. */
const REFRESH_FAILED_PREFIX = 'Unable to refresh session due to: ';
/** Our code for {@link SalesforceSessionError}s of a refused token refresh. */
export const REFRESH_FAILED_CODE = 'SESSION_REFRESH_FAILED';
/** Node's and undici's network error codes, as they appear inside an error message. */
const NETWORK_CODE_IN_TEXT =
  /\b(E(?:CONN[A-Z]+|TIMEDOUT|AI_AGAIN|NOTFOUND|HOSTUNREACH|NETUNREACH|PIPE)|UND_ERR_[A-Z_]+)\b/;

/**
 * A token refresh that failed inside jsforce (which rethrows it as a plain Error with the
 * cause's message only): the login server out of reach is a network failure (its code, so it
 * is retried as an outage); anything else means the credentials need fixing.
 */
function refreshFailure(error: Error): Error {
  const networkCode = NETWORK_CODE_IN_TEXT.exec(error.message)?.[1];
  if (networkCode)
    return Object.assign(new Error(error.message, { cause: error }), { code: networkCode });
  return new SalesforceSessionError(error.message, {
    errorCode: REFRESH_FAILED_CODE,
    httpStatus: undefined,
    fields: [],
    cause: error,
  });
}

/**
 * The typed error for what a jsforce call threw. Anything that is not a Salesforce answer
 * (a network error such as ECONNRESET, a refused token refresh, a bug) is returned unchanged.
 */
export function toSalesforceError(error: unknown): unknown {
  if (error instanceof SalesforceApiError || !(error instanceof Error)) return error;
  if (error.message.startsWith(REFRESH_FAILED_PREFIX)) return refreshFailure(error);
  const errorCode = (error as { errorCode?: unknown }).errorCode;
  if (typeof errorCode !== 'string' || errorCode === '') return error;
  const details: SalesforceApiErrorDetails = {
    errorCode,
    httpStatus: httpStatusOf(errorCode),
    fields: fieldsOf((error as { data?: unknown }).data),
    cause: error,
  };
  if (SESSION_ERROR_CODES.has(errorCode)) return new SalesforceSessionError(error.message, details);
  if (errorCode === REQUEST_LIMIT_CODE)
    return new SalesforceRequestLimitError(error.message, details);
  return new SalesforceApiError(error.message, details);
}

/** Awaits a jsforce call, throwing what it throws as {@link toSalesforceError} types it. */
export async function salesforceCall<T>(call: PromiseLike<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toSalesforceError(error);
  }
}
