import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import type { RunningConnector } from '../engine/status.js';
import type { ConnectorMetrics } from '../observability/metrics.js';
import { catchUpAfterExpiredReplay } from '../salesforce-to-wordpress/catch-up.js';
import { SalesforceIntake } from '../salesforce-to-wordpress/intake.js';
import { wordpressAccountWarnings } from '../wordpress/account-warnings.js';
import type { CompanionPlugin } from '../wordpress/companion-plugin.js';
import { startWordPressSync, type WordPressSync } from '../wordpress-to-salesforce/pipeline.js';
import { COMMAND_TOPIC, executeCommand } from './commands.js';
import { ConnectorHealth } from './connector-health.js';
import { connectorStatus, type PluginVersionInfo } from './connector-status.js';
import { startDeadLetterRetryPoll } from './dead-letter-retry-poll.js';
import { startAuditSchedule } from '../audit/audit-schedule.js';
import { latestAuditLine } from '../audit/summary.js';
import { fullSyncOnRuntime, type RunFullSyncOptions } from './run-full-sync.js';
import { createRuntime, type RuntimeOrg } from './runtime.js';
import { backfillOrgToOrg, wireOrgToOrg, withOrgToOrgMappings } from './org-to-org-wiring.js';
import { clearServiceMark, markServiceRunning } from './service-marker.js';
import { claimSqliteStore } from './leadership/claim-store.js';
import type { Fence } from './leadership/replica.js';
import type { StateStore } from '../store/state-store.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { ConnectorStatus } from '../engine/status.js';
import { isFencedStateStore } from '../store/leases.js';
import { CONNECTOR_VERSION, pluginVersionWarning } from './version.js';
import { pushHeartbeat } from './wordpress-routes/heartbeat-push.js';
import { formsForHeartbeat, type PublishedForm } from '../wordpress/published-forms.js';
import { wordpressRoutes } from './wordpress-routes/index.js';

export interface StartConnectorOptions {
  logger: Logger;
  /** Counts events and WordPress requests for `/metrics`. */
  metrics?: ConnectorMetrics;
  /** Set by the replica that won the lease: every store write checks this token. */
  fence?: Fence;
  /** Several orgs: the whole connector's status, which each org's WordPress heartbeat carries. */
  wordpressStatus?: () => ConnectorStatus;
}

export interface ConnectorHandle extends RunningConnector {
  /** The mappings loaded from the org (several orgs: the first org's). */
  mappings(): ReadonlyMap<string, ObjectMapping>;
  /** Reads the mappings from the org again (the ReloadMappings command). */
  reloadMappings(): Promise<void>;
  /**
   * `sfwp sync --full` inside the running connector: the backfill shares the live events' record
   * lanes and locks, so a record changed meanwhile is never written twice at once.
   */
  fullSync(options: Omit<RunFullSyncOptions, 'logger'>): ReturnType<typeof fullSyncOnRuntime>;
}

/**
 * The companion plugin's version, and the warning when its major version is not the
 * connector's: `known` when the change feed read it at start already, else from the plugin's
 * status route. Nothing when the plugin is missing or does not answer: the change feed's own
 * status says so.
 */
export async function pluginVersionInfo(
  plugin: Pick<CompanionPlugin, 'status'>,
  known?: string,
): Promise<PluginVersionInfo> {
  let version: string;
  try {
    version = known ?? (await plugin.status()).version;
  } catch {
    return {};
  }
  if (version === '') return {};
  const warning = pluginVersionWarning(version);
  return { pluginVersion: version, ...(warning === undefined ? {} : { versionWarning: warning }) };
}

/**
 * Makes the store this process's: a SQLite file is claimed (one process at a time); on
 * PostgreSQL the lease's token fences every write and the service mark is set.
 */
export function claimStore(store: StateStore, config: Config, fence: Fence | undefined): void {
  if (fence === undefined) {
    claimSqliteStore(store, config.store.path);
    return;
  }
  if (isFencedStateStore(store)) store.fence(fence);
  markServiceRunning(store);
}

/**
 * One org's running connector, composed here and nowhere else: the shared runtime, the
 * Salesforce → WordPress pipeline (Pub/Sub intake, with reconciliation when the stored replay
 * id has expired, and admin commands), the WordPress → Salesforce pipeline (the change feed),
 * the dead-letter retry poll and a heartbeat result every `sync.heartbeatSeconds`.
 */
export async function startOrgConnector(
  config: Config,
  options: StartConnectorOptions & { org?: RuntimeOrg },
): Promise<ConnectorHandle> {
  const logger = options.logger;
  const startedAt = new Date().toISOString();
  const health = new ConnectorHealth(logger);
  const setProblem = health.report.bind(health);

  const runtime = await createRuntime(
    config,
    logger,
    {
      onProblem: (message, problem = 'authentication-failed') => {
        setProblem(
          message === undefined || problem !== 'authentication-failed'
            ? message
            : `WordPress or Salesforce refused the credentials: ${message}`,
          problem,
        );
      },
      onStoreOpened: (store) => {
        claimStore(store, config, options.fence);
      },
    },
    options.metrics,
    options.org,
  );
  const { session, store, scheduler, processor, reporter } = runtime;
  let orgToOrg: Awaited<ReturnType<typeof wireOrgToOrg>>;
  try {
    orgToOrg = await wireOrgToOrg(runtime, setProblem);
  } catch (error) {
    runtime.close();
    throw error;
  }

  const intake = new SalesforceIntake({
    session,
    store,
    logger,
    endpoint: config.salesforce.pubSubEndpoint,
    verifyTls: config.salesforce.verifyTls,
    maxInFlight: config.sync.maxInFlightEvents,
    handle: (payload, sourceEvent) =>
      orgToOrg?.processor.handles(String(payload.Mapping__c)) === true
        ? orgToOrg.processor.process(payload, sourceEvent)
        : processor.process(payload, sourceEvent),
    reconcile: () =>
      catchUpAfterExpiredReplay({
        connection: session.connection,
        store,
        mappings: () => runtime.mappings(),
        scheduler,
        processor,
        logger,
        lookbackHours: config.sync.reconciliationLookbackHours,
      }),
    onClient: (client) => {
      runtime.useResultClient(client);
    },
    onProblem: setProblem,
    commands: {
      topic: COMMAND_TOPIC,
      handle: async (payload, sourceEvent) => {
        const outcome = await executeCommand(payload, runtime, logger);
        const mapping = typeof payload.Mapping__c === 'string' ? payload.Mapping__c : undefined;
        reporter.command(mapping, outcome, sourceEvent);
        // The admin app's health panel shows a pause or resume at once, not a heartbeat later.
        if (payload.Command__c === 'Pause' || payload.Command__c === 'Resume') beat();
      },
    },
  });
  try {
    await intake.start();
  } catch (error) {
    runtime.close();
    throw error;
  }
  let wordpressSync: WordPressSync;
  try {
    wordpressSync = await startWordPressSync(runtime, setProblem);
  } catch (error) {
    await intake.stop();
    runtime.close();
    throw error;
  }
  const [wordpressWarnings, plugin] = await Promise.all([
    wordpressAccountWarnings(runtime.wordpress),
    pluginVersionInfo(runtime.wordpress.companion, wordpressSync.pluginVersion),
  ]);
  for (const warning of wordpressWarnings)
    logger.warn({ wordpress: config.wordpress.url }, warning);
  if (plugin.versionWarning !== undefined) {
    logger.warn(
      { connector: CONNECTOR_VERSION, plugin: plugin.pluginVersion },
      plugin.versionWarning,
    );
  }
  health.set('running');

  const stopRetryPoll = startDeadLetterRetryPoll(runtime);
  const stopAuditSchedule = startAuditSchedule(runtime, startedAt);

  // The plugin's published forms, from its answer to the last heartbeat pushed to WordPress.
  let publishedForms: PublishedForm[] | undefined;
  // A declaration, not a constant: a command can arrive while the intake is still starting.
  function beat(): void {
    const forms = publishedForms === undefined ? undefined : formsForHeartbeat(publishedForms);
    reporter.heartbeat(
      JSON.stringify({
        version: CONNECTOR_VERSION,
        ...plugin,
        state: health.shown(runtime.pause.info),
        ...runtime.pause.info,
        lagMs: processor.counters.lastLagMs,
        inFlight: intake.unfinished,
        audit: latestAuditLine(store),
        ...(forms && { forms: forms.forms, formsTruncated: forms.truncated }),
      }),
    );
  }
  const status = (): ReturnType<typeof connectorStatus> =>
    withOrgToOrgMappings(
      connectorStatus({
        runtime,
        health,
        intake,
        wordpressSync,
        wordpressWarnings,
        startedAt,
        plugin,
      }),
      runtime,
      orgToOrg?.problems ?? [],
    );
  const beatToWordPress = (): void => {
    const shown = options.wordpressStatus?.() ?? status();
    pushHeartbeat(runtime.wordpress.companion, shown, logger, (forms) => {
      publishedForms = forms;
    });
  };
  const heartbeat = setInterval(() => {
    beat();
    beatToWordPress();
  }, config.sync.heartbeatSeconds * 1000);
  heartbeat.unref();
  beatToWordPress();
  const signedRoutes = wordpressRoutes({ runtime, status, logger });

  return {
    status,
    mappings: () => runtime.mappings(),
    signedRoutes: () => signedRoutes,
    reloadMappings: () => runtime.reloadMappings(),
    fullSync: (fullSyncOptions) => {
      const toOrg = runtime.orgToOrgMappings().get(fullSyncOptions.mapping);
      if (toOrg === undefined || orgToOrg === undefined) {
        return fullSyncOnRuntime(runtime, config, { ...fullSyncOptions, logger });
      }
      return backfillOrgToOrg(runtime, orgToOrg, toOrg, { ...fullSyncOptions, logger });
    },
    wakeChangeFeed: () => {
      wordpressSync.wake();
    },
    async stop() {
      health.set('stopping');
      clearInterval(heartbeat);
      stopRetryPoll();
      stopAuditSchedule();
      await wordpressSync.stop();
      await intake.stop();
      await runtime.flushResults();
      try {
        // Several orgs: the connector clears the mark of the store it opened, after every org.
        if (options.org?.store === undefined) clearServiceMark(store);
      } finally {
        // A replica that lost its lease cannot clear the mark (the write is fenced): close anyway.
        runtime.close();
      }
      health.set('stopped');
      logger.info({ replayPosition: intake.replayPosition }, 'stopped');
    },
  };
}
