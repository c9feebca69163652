import { latestSummary } from '../audit/summary.js';
import type { ConnectorStatus } from '../engine/status.js';
import type { SalesforceIntake } from '../salesforce-to-wordpress/intake.js';
import { SYNC_TOPIC } from '../salesforce-to-wordpress/intake.js';
import type { WordPressSync } from '../wordpress-to-salesforce/pipeline.js';
import type { ConnectorHealth } from './connector-health.js';
import type { Runtime } from './runtime.js';
import { CONNECTOR_VERSION } from './version.js';

export interface StatusSources {
  runtime: Runtime;
  health: ConnectorHealth;
  intake: SalesforceIntake;
  wordpressSync: WordPressSync;
  wordpressWarnings: readonly string[];
  startedAt: string;
  /** The companion plugin's version and, when it does not match, the warning about it. */
  plugin: PluginVersionInfo;
}

export interface PluginVersionInfo {
  pluginVersion?: string;
  versionWarning?: string;
}

/** What `/healthz` and `sfwp status` show: both directions, dead letters, mappings. */
export function connectorStatus(sources: StatusSources): ConnectorStatus {
  const { runtime, health, intake, wordpressSync, wordpressWarnings } = sources;
  const { config, session, store, processor } = runtime;
  const position = intake.replayPosition;
  const usage = session.connection.limitInfo.apiUsage;
  const audit = latestSummary(store);
  return {
    state: health.shown(runtime.pause.info),
    org: runtime.org,
    version: CONNECTOR_VERSION,
    ...sources.plugin,
    startedAt: sources.startedAt,
    ...(health.reason === undefined ? {} : { reason: health.reason }),
    ...runtime.pause.info,
    salesforce: {
      instanceUrl: session.instanceUrl(),
      replayPositions:
        position === undefined ? {} : { [SYNC_TOPIC]: position.toString(16).padStart(16, '0') },
      apiUsage: usage ? { used: usage.used, limit: usage.limit } : undefined,
    },
    wordpress: {
      url: config.wordpress.url,
      ...(wordpressWarnings.length > 0 ? { warnings: [...wordpressWarnings] } : {}),
    },
    intake: {
      inFlight: intake.unfinished,
      lagMs: processor.counters.lastLagMs,
      eventsApplied: processor.counters.applied,
    },
    changeFeed: wordpressSync.status(),
    deadLetters: { open: store.countDeadLetters('open') },
    mappings: { loaded: [...runtime.mappings().keys()], skipped: runtime.mappingProblems() },
    ...(audit === undefined ? {} : { audit }),
  };
}
