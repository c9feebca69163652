import type { Logger } from 'pino';
import type { FormSubmissionsRoute } from '../../wordpress/form-submissions.js';
import type { SalesforceOutcome } from '../types.js';

/**
 * Tells the companion plugin a submission's final outcome, so wp-admin shows it. The outcome is
 * already recorded by the connector (log, WP_Sync_Log__c, dead letter); a report that does not
 * reach WordPress is logged and leaves the submission shown as pending.
 */
export function reportToWordPress(
  route: Pick<FormSubmissionsRoute, 'reportResult'>,
  outcome: SalesforceOutcome,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  if (outcome.quiet === true || outcome.status === 'Skipped') return Promise.resolve();
  const result =
    outcome.status === 'Failed'
      ? { status: 'failed' as const, message: `${outcome.code}: ${outcome.message}` }
      : {
          status: 'synced' as const,
          ...(outcome.salesforceId ? { salesforceId: outcome.salesforceId } : {}),
        };
  return route.reportResult(outcome.wordpressId, result).catch((error: unknown) => {
    logger.warn(
      { submission: outcome.wordpressId, err: error },
      'could not report a form submission outcome to WordPress',
    );
  });
}
