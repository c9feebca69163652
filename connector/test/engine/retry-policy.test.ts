import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  classifyFailure,
  classifyRecordError,
  shouldRetry,
  TRANSIENT_SALESFORCE_CODES,
} from '../../src/engine/retry-policy.js';
import {
  SalesforceApiError,
  SalesforceRequestLimitError,
  SalesforceSessionError,
  toSalesforceError,
} from '../../src/salesforce/errors.js';
import {
  WordPressAuthenticationError,
  WordPressError,
  WordPressUnavailableError,
} from '../../src/wordpress/errors.js';

describe('classifyFailure', () => {
  it('follows the WordPress client error types', () => {
    expect(
      classifyFailure(new WordPressUnavailableError('down', { code: 'sfwp_unreachable' })),
    ).toBe('unavailable');
    expect(
      classifyFailure(new WordPressUnavailableError('gateway', { code: 'http_503', status: 503 })),
    ).toBe('unavailable');
    expect(classifyFailure(new WordPressUnavailableError('slow', { code: 'sfwp_timeout' }))).toBe(
      'transient',
    );
    expect(
      classifyFailure(
        new WordPressError('plugin crashed', { code: 'internal', status: 500, retryable: true }),
      ),
    ).toBe('transient');
    expect(
      classifyFailure(new WordPressAuthenticationError('no', { code: 'incorrect_password' })),
    ).toBe('authentication');
    expect(
      classifyFailure(new WordPressError('bad email', { code: 'rest_invalid_param', status: 400 })),
    ).toBe('permanent');
  });

  it('reads Salesforce error codes and network codes', () => {
    expect(classifyFailure({ errorCode: 'UNABLE_TO_LOCK_ROW' })).toBe('transient');
    expect(classifyFailure({ errorCode: 'REQUEST_LIMIT_EXCEEDED' })).toBe('throttled');
    expect(classifyFailure({ errorCode: 'INVALID_SESSION_ID' })).toBe('authentication');
    expect(classifyFailure({ errorCode: 'INVALID_EMAIL_ADDRESS' })).toBe('permanent');
    expect(classifyFailure(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(
      'unavailable',
    );
    expect(classifyFailure({ errorCode: 'SERVER_UNAVAILABLE' })).toBe('unavailable');
    expect(classifyFailure({ statusCode: 503 })).toBe('unavailable');
    expect(classifyFailure({ statusCode: 500 })).toBe('transient');
    expect(classifyFailure(new Error('something unknown'))).toBe('permanent');
  });
});

describe('classifyFailure of typed Salesforce errors', () => {
  const typed = (errorCode: string, httpStatus?: number): SalesforceApiError =>
    new SalesforceApiError('refused', { errorCode, httpStatus });

  it('goes by the type first', () => {
    expect(
      classifyFailure(new SalesforceRequestLimitError('spent', { errorCode: 'LIMIT_GONE' })),
    ).toBe('throttled');
    expect(
      classifyFailure(new SalesforceSessionError('expired', { errorCode: 'EXPIRED_NOW' })),
    ).toBe('authentication');
  });

  it('reads the code as it reads an untyped error’s', () => {
    expect(classifyFailure(typed('UNABLE_TO_LOCK_ROW'))).toBe('transient');
    expect(classifyFailure(typed('SERVER_UNAVAILABLE'))).toBe('unavailable');
    expect(classifyFailure(typed('INVALID_FIELD'))).toBe('permanent');
    expect(classifyFailure(typed('MALFORMED_QUERY', 400))).toBe('permanent');
  });

  it('goes by the HTTP status when the code says nothing more', () => {
    expect(classifyFailure(typed('ERROR_HTTP_503', 503))).toBe('unavailable');
    expect(classifyFailure(typed('ERROR_HTTP_500', 500))).toBe('transient');
    expect(classifyFailure(typed('ERROR_HTTP_429', 429))).toBe('transient');
    expect(classifyFailure(typed('ERROR_HTTP_404', 404))).toBe('permanent');
  });

  it('classifies what jsforce throws once salesforce/ has typed it', () => {
    const jsforce = (errorCode: string): Error =>
      Object.assign(new Error('refused'), { name: errorCode, errorCode, data: undefined });
    for (const [code, kind] of [
      ['REQUEST_LIMIT_EXCEEDED', 'throttled'],
      ['INVALID_SESSION_ID', 'authentication'],
      ['QUERY_TIMEOUT', 'transient'],
      ['SERVER_UNAVAILABLE', 'unavailable'],
      ['DUPLICATE_VALUE', 'permanent'],
    ] as const) {
      expect(classifyFailure(toSalesforceError(jsforce(code)))).toBe(kind);
      expect(classifyFailure(jsforce(code))).toBe(kind);
    }
  });
});

describe('one list of transient Salesforce codes for both directions', () => {
  const documented = ['UNABLE_TO_LOCK_ROW', 'QUERY_TIMEOUT', 'REQUEST_RUNNING_TOO_LONG'];

  it('holds the documented transient codes', () => {
    expect([...TRANSIENT_SALESFORCE_CODES].sort()).toEqual([...documented].sort());
  });

  it('classifies them as transient as a call failure and as a record error alike', () => {
    for (const code of documented) {
      expect(classifyFailure({ errorCode: code })).toBe('transient');
      expect(classifyRecordError(code)).toBe('transient');
    }
  });

  it('leaves record errors that need the data fixed permanent', () => {
    for (const code of [
      'INVALID_EMAIL_ADDRESS',
      'REQUIRED_FIELD_MISSING',
      'DUPLICATE_VALUE',
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      'UNKNOWN_ERROR',
    ]) {
      expect(classifyRecordError(code)).toBe('permanent');
    }
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, scaled by jitter', () => {
    const top = (attempt: number): number =>
      backoffDelay(attempt, { baseMs: 100, maxMs: 1000 }, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(top)).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(3, { baseMs: 100 }, () => 0.5)).toBe(200);
    expect(backoffDelay(3, { baseMs: 100 }, () => 0)).toBe(0);
  });
});

describe('shouldRetry', () => {
  it('retries only transient failures, and only up to the limit', () => {
    expect(shouldRetry('transient', 1, 5)).toBe(true);
    expect(shouldRetry('transient', 5, 5)).toBe(false);
    expect(shouldRetry('permanent', 1, 5)).toBe(false);
    expect(shouldRetry('throttled', 1, 5)).toBe(false);
  });
});
