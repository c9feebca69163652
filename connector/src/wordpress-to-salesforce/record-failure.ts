import type { RecordResult } from '../salesforce/record-gateway.js';
import { classifyRecordError, type FailureKind } from '../engine/retry-policy.js';

/** What one refused record of a Collections call failed with, classified by the engine. */
export function recordFailure(result: RecordResult): {
  code: string;
  message: string;
  kind: FailureKind;
} {
  const error = result.errors[0];
  const code = error?.statusCode ?? 'UNKNOWN_ERROR';
  const fields = error && error.fields.length > 0 ? ` (${error.fields.join(', ')})` : '';
  return {
    code,
    message: `${error?.message ?? 'Salesforce refused the record'}${fields}`,
    kind: classifyRecordError(code),
  };
}

/** Codes that say the record a write named by Id is not in Salesforce (deleted, or never was). */
export const RECORD_GONE_CODES: ReadonlySet<string> = new Set([
  'ENTITY_IS_DELETED',
  'INVALID_CROSS_REFERENCE_KEY',
  'NOT_FOUND',
]);
