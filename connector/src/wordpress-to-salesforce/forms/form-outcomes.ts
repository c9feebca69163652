import { classifyRecordError } from '../../engine/retry-policy.js';
import type { FieldProblem } from '../../mapping/types.js';
import type { FormRecordError } from '../../salesforce/form-records.js';
import type { SalesforceOutcome } from '../types.js';

/** A submission the pipeline leaves alone (not its form, spam, synced before, gone). */
export function skipped(id: number, message: string, quiet = false): SalesforceOutcome {
  return {
    status: 'Skipped',
    wordpressId: id,
    salesforceId: undefined,
    operation: 'create',
    message,
    conflicts: [],
    ...(quiet ? { quiet } : {}),
  };
}

export function succeeded(
  id: number,
  salesforceId: string,
  operation: 'create' | 'update',
  message: string,
  changedFields: string[],
): SalesforceOutcome {
  return {
    status: 'Success',
    wordpressId: id,
    salesforceId,
    operation,
    message,
    conflicts: [],
    changedFields,
  };
}

export function invalid(id: number, problems: readonly FieldProblem[]): SalesforceOutcome {
  return {
    status: 'Failed',
    wordpressId: id,
    salesforceId: undefined,
    operation: 'create',
    code: problems[0]?.code ?? 'INVALID_VALUE',
    kind: 'permanent',
    message: problems.map((problem) => problem.message).join('; '),
    conflicts: [],
    attempted: { type: 'form_submission', id },
  };
}

export function refused(
  id: number,
  salesforceId: string | undefined,
  operation: 'create' | 'update',
  errors: readonly FormRecordError[],
  attempted: Record<string, unknown>,
): SalesforceOutcome {
  const code = errors[0]?.statusCode ?? 'UNKNOWN_ERROR';
  return {
    status: 'Failed',
    wordpressId: id,
    salesforceId,
    operation,
    code,
    kind: classifyRecordError(code),
    message: errors.map((error) => `${error.statusCode}: ${error.message}`).join('; '),
    conflicts: [],
    attempted: { type: 'form_submission', id, values: attempted },
  };
}
