import type { Logger } from 'pino';
import type { ObjectMapping } from '../mapping/types.js';
import type { EventOutcome } from '../observability/metrics.js';
import type { ResultPublisher } from '../salesforce/result-publisher.js';
import type { StateStore } from '../store/state-store.js';
import type { SalesforceOutcome } from '../wordpress-to-salesforce/apply.js';
import { logConflicts } from './conflict-log.js';

export interface OutcomeReporting {
  store: StateStore;
  results: Pick<ResultPublisher, 'add'>;
  logger: Logger;
  onOutcome?(mapping: string, outcome: EventOutcome): void;
}

/**
 * Makes one WordPress → Salesforce outcome visible and durable: a log line, a
 * `WP_Sync_Result__e` (the result trigger writes the Salesforce sync log), conflicts with both
 * values, and a dead letter for every failure so `sfwp dlq retry` or Retry failed can run it again.
 */
export function reportSalesforceOutcome(
  reporting: OutcomeReporting,
  mapping: ObjectMapping,
  outcome: SalesforceOutcome,
  sourceEvent: string,
): void {
  const { logger, results, store } = reporting;
  const subject = {
    direction: 'wordpress-to-salesforce' as const,
    mapping: mapping.name,
    salesforceId: outcome.salesforceId,
    wordpressId: outcome.wordpressId,
  };
  logConflicts(logger, subject, outcome.conflicts);
  if (outcome.quiet) {
    logger.debug({ ...subject, detail: outcome.message }, 'nothing to sync');
    return;
  }
  if (outcome.status === 'Failed') {
    reporting.onOutcome?.(mapping.name, 'dead-lettered');
    store.addDeadLetter({
      mapping: mapping.name,
      direction: 'wordpress-to-salesforce',
      ...(outcome.salesforceId ? { salesforceId: outcome.salesforceId } : {}),
      wordpressId: outcome.wordpressId,
      operation: outcome.operation,
      payload: {
        type: mapping.wordpressType,
        id: outcome.wordpressId,
        attempted: outcome.attempted,
      },
      errorCode: outcome.code,
      errorMessage: outcome.message,
    });
    logger.error(
      { ...subject, code: outcome.code, reason: outcome.message },
      'sync failed; dead-lettered',
    );
  } else {
    reporting.onOutcome?.(mapping.name, outcome.status === 'Success' ? 'applied' : 'skipped');
    if (outcome.status === 'Success') {
      reporting.store.settleDeadLetters({
        mapping: mapping.name,
        direction: 'wordpress-to-salesforce',
        wordpressId: outcome.wordpressId,
      });
    }
    logger.info(
      {
        ...subject,
        operation: outcome.operation,
        outcome: outcome.status,
        detail: outcome.message,
      },
      'record synced',
    );
  }
  results.add({
    mapping: mapping.name,
    recordId: outcome.salesforceId,
    wordpressId: outcome.wordpressId,
    direction: 'WordPressToSalesforce',
    status:
      outcome.status === 'Failed'
        ? 'Failed'
        : outcome.conflicts.length > 0
          ? 'Conflict'
          : outcome.status,
    message: outcome.status === 'Failed' ? `${outcome.code}: ${outcome.message}` : outcome.message,
    sourceEvent,
  });
}
