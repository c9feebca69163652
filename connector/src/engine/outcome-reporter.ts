import type { Logger } from 'pino';
import type { EventOutcome } from '../observability/metrics.js';
import type { ResultPublisher, SyncResult } from '../salesforce/result-publisher.js';
import type { StateStore } from '../store/state-store.js';
import { logConflicts } from './conflict-log.js';
import type { OutcomeSubject, RecordOutcome } from './outcome.js';

export interface OutcomeReporterDependencies {
  store: Pick<StateStore, 'addDeadLetter' | 'settleDeadLetters'>;
  /** `WP_Sync_Result__e`s: the result trigger writes them to the Salesforce sync log. */
  results: Pick<ResultPublisher, 'add'>;
  logger: Logger;
  /** Counts outcomes for `/metrics`. */
  count?(mapping: string, outcome: EventOutcome): void;
}

const RESULT_DIRECTION = {
  'salesforce-to-wordpress': 'SalesforceToWordPress',
  'wordpress-to-salesforce': 'WordPressToSalesforce',
} as const satisfies Record<OutcomeSubject['direction'], SyncResult['direction']>;

function logSubject(outcome: OutcomeSubject) {
  return {
    direction: outcome.direction,
    mapping: outcome.mapping,
    salesforceId: outcome.salesforceId,
    wordpressId: outcome.wordpressId,
  };
}

/**
 * Makes every record outcome, of either direction, visible and durable in one way: a log line,
 * a metric, a `WP_Sync_Result__e`, conflicts with both values, and a dead letter for every
 * failure, so `sfwp dlq retry` or Retry failed can run it again. A success settles the record's
 * open dead letters of that direction: someone fixed the data, nothing is left to retry.
 */
export class OutcomeReporter {
  constructor(private readonly deps: OutcomeReporterDependencies) {}

  /** One more change arrived for `mapping`, before any outcome. */
  received(mapping: string): void {
    this.deps.count?.(mapping, 'received');
  }

  record(outcome: RecordOutcome, sourceEvent: string | undefined): void {
    const { logger } = this.deps;
    const subject = logSubject(outcome);
    if (outcome.conflicts && outcome.conflicts.length > 0) {
      logConflicts(logger, subject, outcome.conflicts);
    }
    if (outcome.status === 'Failed') {
      this.deadLetter(outcome, sourceEvent);
      return;
    }
    if (outcome.quiet) {
      logger.debug({ ...subject, detail: outcome.message }, 'nothing to sync');
      return;
    }
    if (outcome.altered && outcome.altered.length > 0) {
      const destination =
        outcome.direction === 'salesforce-to-wordpress' ? 'WordPress' : 'Salesforce';
      logger.warn(
        { ...subject, altered: outcome.altered },
        `${destination} stored other values than sent`,
      );
    }
    logger.info(
      {
        ...subject,
        operation: outcome.operation,
        outcome: outcome.status,
        ...(outcome.changedFields ? { changedFields: outcome.changedFields } : {}),
        detail: outcome.message,
      },
      'record synced',
    );
    this.deps.count?.(outcome.mapping, outcome.status === 'Success' ? 'applied' : 'skipped');
    if (outcome.status === 'Success') this.settle(outcome);
    this.publish(outcome, sourceEvent, {
      status: outcome.conflicts.length > 0 ? 'Conflict' : outcome.status,
      message: outcome.message,
    });
  }

  /** The outcome of an admin command (Pause, ResyncMapping, …), so the admin app's log shows it. */
  command(
    mapping: string | undefined,
    outcome: { ok: boolean; message: string },
    sourceEvent: string,
  ): void {
    this.deps.results.add({
      mapping,
      recordId: undefined,
      wordpressId: undefined,
      direction: 'SalesforceToWordPress',
      status: outcome.ok ? 'Success' : 'Failed',
      message: outcome.message,
      sourceEvent,
    });
  }

  /** A heartbeat result: the package stores it as the connector's health. */
  heartbeat(message: string): void {
    this.deps.results.add({
      mapping: undefined,
      recordId: undefined,
      wordpressId: undefined,
      direction: undefined,
      status: 'Heartbeat',
      message,
      sourceEvent: undefined,
    });
  }

  private deadLetter(outcome: Extract<RecordOutcome, { status: 'Failed' }>, sourceEvent?: string) {
    this.deps.count?.(outcome.mapping, 'dead-lettered');
    this.deps.store.addDeadLetter({
      mapping: outcome.mapping,
      direction: outcome.direction,
      ...(outcome.salesforceId ? { salesforceId: outcome.salesforceId } : {}),
      ...(outcome.wordpressId === undefined ? {} : { wordpressId: outcome.wordpressId }),
      operation: outcome.operation,
      payload: outcome.retryPayload,
      errorCode: outcome.code,
      errorMessage: outcome.message,
    });
    this.deps.logger.error(
      { ...logSubject(outcome), code: outcome.code, reason: outcome.message },
      'sync failed; dead-lettered',
    );
    this.publish(outcome, sourceEvent, {
      status: 'Failed',
      message: `${outcome.code}: ${outcome.message}`,
    });
  }

  /** Dead letters are keyed by the id of the side the change came from. */
  private settle(outcome: OutcomeSubject): void {
    this.deps.store.settleDeadLetters({
      mapping: outcome.mapping,
      direction: outcome.direction,
      ...(outcome.direction === 'salesforce-to-wordpress'
        ? { salesforceId: outcome.salesforceId }
        : { wordpressId: outcome.wordpressId }),
    });
  }

  private publish(
    outcome: OutcomeSubject,
    sourceEvent: string | undefined,
    result: Pick<SyncResult, 'status' | 'message'>,
  ): void {
    this.deps.results.add({
      mapping: outcome.mapping,
      recordId: outcome.salesforceId,
      wordpressId: outcome.wordpressId,
      direction: RESULT_DIRECTION[outcome.direction],
      ...result,
      sourceEvent,
    });
  }
}
