import type { Logger } from 'pino';
import type { AuditSummary } from '../../audit/summary.js';
import type { ConnectorStatus } from '../../engine/status.js';
import type { CompanionPlugin, ConnectorHeartbeat } from '../../wordpress/companion-plugin.js';
import type { PublishedForm } from '../../wordpress/published-forms.js';

/**
 * The part of the connector's status the wp-admin status page shows, with the latest drift
 * audit's summary once one ran (the page's fallback when the connector does not answer).
 */
export function heartbeatOf(
  status: ConnectorStatus,
  now = new Date(),
): ConnectorHeartbeat & { audit?: AuditSummary } {
  return {
    ...(status.audit ? { audit: status.audit } : {}),
    state: status.state,
    version: status.version,
    reason: status.reason,
    lagMs: status.intake.lagMs,
    inFlight: status.intake.inFlight,
    deadLettersOpen: status.deadLetters.open,
    mappings: status.mappings.loaded,
    instanceUrl: status.salesforce.instanceUrl,
    sentAt: now.toISOString(),
  };
}

/**
 * Sends the heartbeat to the companion plugin (`POST sfwp/v1/heartbeat`, signed like every
 * connector request). Never fails the connector: a plugin without the route, or WordPress
 * down, only leaves the status page showing an older heartbeat. The plugin's answer lists its
 * published forms: `onForms` gets them (for the heartbeat the connector writes to Salesforce).
 */
export function pushHeartbeat(
  plugin: Pick<CompanionPlugin, 'heartbeat'>,
  status: ConnectorStatus,
  logger: Logger,
  onForms: (forms: PublishedForm[]) => void = () => undefined,
): void {
  if (plugin.heartbeat === undefined) return;
  plugin.heartbeat(heartbeatOf(status)).then(
    (forms) => {
      if (forms) onForms(forms);
    },
    (error: unknown) => {
      logger.debug({ err: error }, 'the companion plugin did not take the heartbeat');
    },
  );
}
