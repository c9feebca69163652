/**
 * Salesforce's failures of a developer API call, as stable codes and HTTP statuses for the
 * WordPress side. Salesforce's own code is kept where the site can act on it (INVALID_FIELD,
 * INSUFFICIENT_ACCESS, FUNCTIONALITY_NOT_ENABLED, NOT_FOUND, REQUEST_LIMIT_EXCEEDED …); an
 * outage or a refused login becomes SALESFORCE_UNAVAILABLE or SALESFORCE_AUTH, whose messages
 * name no credential.
 */
import {
  REQUEST_LIMIT_CODE,
  SalesforceApiError,
  SalesforceAuthError,
  SalesforceSessionError,
} from '../errors.js';
import { DeveloperApiError } from './developer-api-error.js';

export const UNAVAILABLE_CODE = 'SALESFORCE_UNAVAILABLE';
export const AUTH_CODE = 'SALESFORCE_AUTH';

/** Salesforce codes passed through, with the status the connector answers them with. */
const PASSED_THROUGH: Readonly<Record<string, number>> = {
  INVALID_FIELD: 400,
  INVALID_TYPE: 400,
  MALFORMED_QUERY: 400,
  INVALID_QUERY_FILTER_OPERATOR: 400,
  JSON_PARSER_ERROR: 400,
  FUNCTIONALITY_NOT_ENABLED: 400,
  INSUFFICIENT_ACCESS: 403,
  INSUFFICIENT_ACCESS_OR_READONLY: 403,
  API_DISABLED_FOR_ORG: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  [REQUEST_LIMIT_CODE]: 503,
};

function httpStatusOf(error: SalesforceApiError): number | undefined {
  return error.httpStatus;
}

/** The developer API error for what a Salesforce call threw; unknown errors are rethrown as bugs. */
export function toDeveloperApiError(error: unknown): DeveloperApiError {
  if (error instanceof DeveloperApiError) return error;
  if (error instanceof SalesforceSessionError || error instanceof SalesforceAuthError) {
    return new DeveloperApiError(
      AUTH_CODE,
      'The connector could not sign in to Salesforce; its administrator needs to check its credentials.',
      502,
    );
  }
  if (error instanceof SalesforceApiError) {
    const passed = PASSED_THROUGH[error.errorCode];
    if (passed !== undefined) return new DeveloperApiError(error.errorCode, error.message, passed);
    if (error.errorCode.startsWith('INSUFFICIENT_ACCESS')) {
      return new DeveloperApiError('INSUFFICIENT_ACCESS', error.message, 403);
    }
    const status = httpStatusOf(error);
    if (status === 404) return new DeveloperApiError('NOT_FOUND', error.message, 404);
    if (status !== undefined && status >= 500) {
      return new DeveloperApiError(
        UNAVAILABLE_CODE,
        'Salesforce is unavailable; try again later.',
        503,
      );
    }
    if (error.errorCode === 'SERVER_UNAVAILABLE' || error.errorCode === 'UNKNOWN_EXCEPTION') {
      return new DeveloperApiError(
        UNAVAILABLE_CODE,
        'Salesforce is unavailable; try again later.',
        503,
      );
    }
    return new DeveloperApiError(error.errorCode, error.message, 400);
  }
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') {
    return new DeveloperApiError(
      UNAVAILABLE_CODE,
      'Salesforce cannot be reached; try again later.',
      503,
    );
  }
  throw error;
}
