import { describeConflicts } from '../mapping/merge.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { RecordResult } from '../salesforce/record-gateway.js';
import { describeAltered, storedDifferently } from '../mapping/stored-values.js';
import type { Plan } from './plan.js';
import { recordFailure } from './record-failure.js';
import type { SalesforceOutcome } from './types.js';
import type { WordPressWriteOutcome } from './write-back.js';

type Operation = SalesforceOutcome['operation'];

/** Whether Salesforce created the record or updated one (linked or matched). */
export function writeOperation(plan: Plan, result: RecordResult | undefined): Operation {
  return result?.created === true ? 'create' : plan.link || plan.updateId ? 'update' : 'create';
}

/**
 * Why a written plan failed: Salesforce refused the record, or WordPress refused the merged
 * fields. Undefined when neither did.
 */
export function writeFailure(
  plan: Plan,
  result: RecordResult | undefined,
  written: WordPressWriteOutcome | undefined,
  salesforceId: string | undefined,
): SalesforceOutcome | undefined {
  const operation = writeOperation(plan, result);
  if (result && !result.success) {
    const failure = recordFailure(result);
    return {
      status: 'Failed',
      ...failure,
      attempted: plan.values,
      wordpressId: plan.item.id,
      salesforceId: plan.link?.salesforceId ?? plan.updateId,
      operation,
      conflicts: plan.conflicts,
    };
  }
  if (written && !written.ok) {
    return {
      status: 'Failed',
      code: written.code,
      kind: written.kind,
      message: `Salesforce updated, but writing the merged fields to WordPress failed: ${written.message}`,
      attempted: written.attempted,
      wordpressId: plan.item.id,
      salesforceId,
      operation,
      conflicts: plan.conflicts,
    };
  }
  return undefined;
}

/** A write Salesforce accepted without naming the record: worth another try. */
export function noRecordId(plan: Plan, result: RecordResult | undefined): SalesforceOutcome {
  return {
    status: 'Failed',
    code: 'NO_RECORD_ID',
    kind: 'transient',
    message: 'Salesforce returned no record id',
    attempted: plan.values,
    wordpressId: plan.item.id,
    salesforceId: undefined,
    operation: writeOperation(plan, result),
    conflicts: plan.conflicts,
  };
}

/** What a written plan did, on both sides, as one message. */
export function writeSuccess(
  mapping: ObjectMapping,
  plan: Plan,
  result: RecordResult | undefined,
  written: WordPressWriteOutcome | undefined,
  salesforceId: string,
): SalesforceOutcome {
  const operation = writeOperation(plan, result);
  const fields = Object.keys(plan.values);
  const parts = [
    `${operation === 'create' ? 'Created' : 'Updated'} ${mapping.salesforceObject} ${salesforceId}` +
      (fields.length > 0 && operation !== 'create' ? ` (${fields.join(', ')})` : ''),
  ];
  if (written?.ok && written.stale)
    parts.push(
      `WordPress changed meanwhile, so it did not get ${[...plan.toWordPress].join(', ')} from Salesforce now: its newer edit follows through the change feed and is merged then`,
    );
  else if (plan.toWordPress.size > 0)
    parts.push(`WordPress got ${[...plan.toWordPress].join(', ')} from Salesforce`);
  const altered =
    written?.ok && written.object && written.sent
      ? storedDifferently(mapping, written.sent, written.object)
      : [];
  if (altered.length > 0) parts.push(describeAltered(altered));
  if (written?.ok && written.notes) parts.push(...written.notes);
  if (plan.conflicts.length > 0) parts.push(`conflicts: ${describeConflicts(plan.conflicts)}`);
  return {
    // WordPress did not take Salesforce's value for some field: not a success for it.
    status: altered.length > 0 ? 'Skipped' : 'Success',
    wordpressId: plan.item.id,
    salesforceId,
    operation,
    message: parts.join('; '),
    conflicts: plan.conflicts,
    changedFields: fields,
  };
}
