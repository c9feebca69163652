/**
 * Per-record results of sObject Collections: `{id, success, errors}` (plus `created` for
 * upsert; SOAP API "UpsertResult"). Each error is `{<key>, message, fields}` where the key is
 * `statusCode` by default: the facts leave it unverified, and we chose the Salesforce-style
 * samples (statusCode, as in the SOAP API Error type) over jsforce's declared `errorCode`. The
 * other reading is one option away (`collectionErrorKey`).
 */
import { ApiError } from '../api-error.js';
import type { CollectionErrorKey } from './rest-context.js';

export interface CollectionResult {
  id: string | null;
  success: boolean;
  errors: Record<string, unknown>[];
  created?: boolean;
}

export function errorEntry(error: ApiError, key: CollectionErrorKey): Record<string, unknown> {
  return { ...error.details, [key]: error.errorCode, message: error.message, fields: error.fields };
}

export function failure(
  error: ApiError,
  key: CollectionErrorKey,
  withCreated: boolean,
): CollectionResult {
  const result: CollectionResult = { id: null, success: false, errors: [errorEntry(error, key)] };
  if (withCreated) result.created = false;
  return result;
}

/** What allOrNone reports for records that were valid but rolled back. */
export function rolledBack(key: CollectionErrorKey, withCreated: boolean): CollectionResult {
  return failure(
    new ApiError(
      400,
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'Record rolled back because not all records were valid and the request was using AllOrNone header',
    ),
    key,
    withCreated,
  );
}
