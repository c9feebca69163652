import type { RecordOutcome } from '../engine/outcome.js';
import type { LegOutcome } from './apply.js';
import { serialiseOrgEvent, type OrgEvent } from './org-event.js';

/**
 * What a dead letter of an org → org event keeps, so a retry can run it again through
 * {@link OrgToOrgProcessor.retry}: the `orgToOrg` marker tells it from a WordPress event's.
 */
export interface OrgToOrgRetryPayload {
  orgToOrg: { sourceOrg: string; targetOrg: string | undefined };
  event: Record<string, unknown>;
}

/** Org → org outcomes travel as the source org's outbound direction in its sync log. */
const DIRECTION = 'salesforce-to-wordpress' as const;

export function retryPayloadOf(
  sourceOrg: string,
  targetOrg: string | undefined,
  event: OrgEvent,
): OrgToOrgRetryPayload {
  return { orgToOrg: { sourceOrg, targetOrg }, event: serialiseOrgEvent(event) };
}

export function isOrgToOrgRetryPayload(payload: unknown): payload is OrgToOrgRetryPayload {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    typeof (payload as { orgToOrg?: unknown }).orgToOrg === 'object' &&
    typeof (payload as { event?: unknown }).event === 'object'
  );
}

/** One event's outcome in the engine's terms, for the source org's outcome reporter. */
export function orgRecordOutcome(
  event: OrgEvent,
  outcome: LegOutcome,
  orgs: { sourceOrg: string; targetOrg: string },
): RecordOutcome {
  const subject = {
    direction: DIRECTION,
    mapping: event.mapping,
    operation: event.operation,
    salesforceId: event.recordId,
    wordpressId: undefined,
  };
  switch (outcome.status) {
    case 'Failed':
      return {
        ...subject,
        status: 'Failed',
        code: outcome.code,
        message: outcome.message,
        retryPayload: retryPayloadOf(orgs.sourceOrg, orgs.targetOrg, event),
      };
    case 'Success':
      return {
        ...subject,
        status: 'Success',
        message: outcome.message,
        conflicts: [],
        changedFields: event.changedFields,
      };
    case 'Skipped':
      return {
        ...subject,
        status: 'Skipped',
        message: outcome.message,
        conflicts: outcome.conflicts,
        changedFields: event.changedFields,
        quiet: outcome.quiet,
      };
  }
}

/** An event that never reached a leg (unreadable, unknown mapping, a bug): still dead-lettered. */
export function unappliedOrgOutcome(
  subject: { mapping: string; salesforceId: string | undefined; operation: string },
  code: string,
  message: string,
  retryPayload: unknown,
): RecordOutcome {
  return {
    direction: DIRECTION,
    ...subject,
    wordpressId: undefined,
    status: 'Failed',
    code,
    message,
    retryPayload,
  };
}
