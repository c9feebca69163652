import { describe, expect, it } from 'vitest';
import {
  SalesforceApiError,
  SalesforceRequestLimitError,
  SalesforceSessionError,
} from '../../../src/salesforce/errors.js';
import { toDeveloperApiError } from '../../../src/salesforce/developer-api/error-codes.js';

function apiError(errorCode: string, message = `${errorCode} happened`): SalesforceApiError {
  return new SalesforceApiError(message, { errorCode });
}

describe('toDeveloperApiError', () => {
  it.each([
    ['INVALID_FIELD', 400],
    ['INSUFFICIENT_ACCESS', 403],
    ['FUNCTIONALITY_NOT_ENABLED', 400],
    ['NOT_FOUND', 404],
    ['MALFORMED_QUERY', 400],
  ])('keeps Salesforce code %s with status %i and its message', (code, status) => {
    const mapped = toDeveloperApiError(apiError(code));
    expect(mapped).toMatchObject({ code, status, message: `${code} happened` });
  });

  it('keeps REQUEST_LIMIT_EXCEEDED as 503', () => {
    const error = new SalesforceRequestLimitError('limit', { errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(toDeveloperApiError(error)).toMatchObject({
      code: 'REQUEST_LIMIT_EXCEEDED',
      status: 503,
    });
  });

  it('folds other INSUFFICIENT_ACCESS_* codes into INSUFFICIENT_ACCESS', () => {
    expect(
      toDeveloperApiError(apiError('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY')),
    ).toMatchObject({
      code: 'INSUFFICIENT_ACCESS',
      status: 403,
    });
  });

  it('answers a bare HTTP 404 as NOT_FOUND and a 5xx as SALESFORCE_UNAVAILABLE', () => {
    const notFound = new SalesforceApiError('gone', {
      errorCode: 'ERROR_HTTP_404',
      httpStatus: 404,
    });
    const down = new SalesforceApiError('<html>', { errorCode: 'ERROR_HTTP_503', httpStatus: 503 });
    expect(toDeveloperApiError(notFound)).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(toDeveloperApiError(down)).toMatchObject({
      code: 'SALESFORCE_UNAVAILABLE',
      status: 503,
    });
  });

  it('hides a refused session behind SALESFORCE_AUTH, naming no credential', () => {
    const error = new SalesforceSessionError('token abc123 refused', {
      errorCode: 'invalid_grant',
    });
    const mapped = toDeveloperApiError(error);
    expect(mapped).toMatchObject({ code: 'SALESFORCE_AUTH', status: 502 });
    expect(mapped.message).not.toContain('abc123');
  });

  it('answers a network failure as SALESFORCE_UNAVAILABLE', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toDeveloperApiError(error)).toMatchObject({
      code: 'SALESFORCE_UNAVAILABLE',
      status: 503,
    });
  });

  it('rethrows what is not a Salesforce or network failure', () => {
    const bug = new TypeError('undefined is not a function');
    expect(() => toDeveloperApiError(bug)).toThrow(bug);
  });
});
