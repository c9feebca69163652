import type { RecordOutcome } from '../engine/outcome.js';
import type { ApplyOutcome } from './apply.js';
import { serialise } from './event-codec.js';
import type { SyncEvent } from './event.js';

/** One applied event in the engine's terms, for the outcome reporter. */
export function recordOutcome(event: SyncEvent, outcome: ApplyOutcome): RecordOutcome {
  const subject = {
    direction: 'salesforce-to-wordpress' as const,
    mapping: event.mapping,
    operation: event.operation,
    salesforceId: event.recordId,
    wordpressId: outcome.wordpressId,
  };
  switch (outcome.status) {
    case 'Failed':
      return {
        ...subject,
        status: 'Failed',
        code: outcome.code,
        message: outcome.message,
        retryPayload: { event: serialise(event), attempted: outcome.attempted },
      };
    case 'Success':
      return {
        ...subject,
        status: 'Success',
        message: outcome.message,
        conflicts: outcome.conflicts ?? [],
        changedFields: event.changedFields,
      };
    case 'Skipped':
      return {
        ...subject,
        status: 'Skipped',
        message: outcome.message,
        conflicts: outcome.conflicts ?? [],
        changedFields: event.changedFields,
        altered: outcome.altered,
      };
  }
}

/** An event that never reached a record (unreadable, or the apply threw): still dead-lettered. */
export function unappliedOutcome(
  subject: { mapping: string; salesforceId: string | undefined; operation: string },
  code: string,
  message: string,
  retryPayload: unknown,
): RecordOutcome {
  return {
    direction: 'salesforce-to-wordpress',
    ...subject,
    wordpressId: undefined,
    status: 'Failed',
    code,
    message,
    retryPayload,
  };
}
