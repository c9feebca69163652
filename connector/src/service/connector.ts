import { readFileSync } from 'node:fs';
import { globalAgent } from 'node:https';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import type { LoadedMappings } from '../mapping/from-metadata.js';
import type { ObjectMapping } from '../mapping/types.js';
import { loadMappingsFromOrg } from '../salesforce/mapping-loader.js';
import { ResultPublisher } from '../salesforce/result-publisher.js';
import { openSalesforceSession } from '../salesforce/session.js';
import { SqliteStateStore } from '../store/sqlite-state-store.js';
import { KeyedScheduler } from '../sync/keyed-scheduler.js';
import { WriteBatcher } from '../sync/write-batcher.js';
import { WpapiWordPressClient } from '../wordpress/wpapi-client.js';
import { EventProcessor } from './event-processor.js';
import { changedSince } from './reconciliation.js';
import { checkpointName, SalesforceIntake, SYNC_TOPIC } from './salesforce-intake.js';
import type { ConnectorState, ConnectorStatus, RunningConnector } from './status.js';

export const CONNECTOR_VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export interface StartConnectorOptions {
  logger: Logger;
}

export interface ConnectorHandle extends RunningConnector {
  /** Reads the mappings from the org again (the ReloadMappings command). */
  reloadMappings(): Promise<void>;
}

/**
 * Composition root of the running connector: Salesforce session, mappings, state store,
 * WordPress client, Pub/Sub intake, result reporting and heartbeat. Fails fast, with a clear
 * message, when either side refuses the configured credentials.
 */
export async function startConnector(
  config: Config,
  options: StartConnectorOptions,
): Promise<ConnectorHandle> {
  const logger = options.logger;
  const startedAt = new Date().toISOString();
  let state: ConnectorState = 'starting';
  let reason: string | undefined;

  if (!config.salesforce.verifyTls) {
    logger.warn(
      'TLS VERIFICATION IS OFF for Salesforce (salesforce.verifyTls: false). Use this only against a local emulator.',
    );
    globalAgent.options.rejectUnauthorized = false;
  }
  if (!config.wordpress.verifyTls) {
    logger.warn(
      'TLS VERIFICATION IS OFF for WordPress (wordpress.verifyTls: false). Use this only for local testing.',
    );
  }

  const store = new SqliteStateStore({ path: config.store.path });
  const session = await openSalesforceSession(config.salesforce);
  logger.info(
    { instanceUrl: session.instanceUrl(), organizationId: session.organizationId },
    'connected to Salesforce',
  );

  const wordpress = new WpapiWordPressClient({
    siteUrl: config.wordpress.url,
    ...(config.wordpress.restRoot ? { restRoot: config.wordpress.restRoot } : {}),
    username: config.wordpress.username,
    applicationPassword: config.wordpress.applicationPassword.reveal(),
    concurrency: config.wordpress.concurrency,
  });
  const me = await wordpress.currentUser();
  logger.info(
    { url: config.wordpress.url, user: me.username ?? me.name },
    'connected to WordPress',
  );

  let loaded: LoadedMappings = await loadMappingsFromOrg(session.connection);
  let mappings = new Map<string, ObjectMapping>(
    loaded.mappings.map((mapping) => [mapping.name, mapping]),
  );
  for (const problem of loaded.problems) logger.error(problem, 'mapping skipped');
  logger.info({ mappings: [...mappings.keys()] }, 'mappings loaded');

  let results: ResultPublisher | undefined;
  const scheduler = new KeyedScheduler(config.sync.recordConcurrency);
  const processor = new EventProcessor(
    {
      wordpress,
      writer: new WriteBatcher(wordpress),
      store,
      mapping: (name) => mappings.get(name),
    },
    scheduler,
    store,
    { add: (result) => results?.add(result) },
    logger,
    {
      maxAttempts: config.sync.maxAttempts,
      onAuthenticationProblem: (message) => {
        setProblem(
          message === undefined
            ? undefined
            : `WordPress or Salesforce refused the credentials: ${message}`,
          'authentication-failed',
        );
      },
    },
  );

  function setProblem(message: string | undefined, problemState: ConnectorState = 'running'): void {
    if (state === 'stopping' || state === 'stopped') return;
    if (message === undefined) {
      if (reason !== undefined) logger.info('recovered');
      reason = undefined;
      state = 'running';
      return;
    }
    if (reason !== message) logger.error({ reason: message }, 'connector degraded');
    reason = message;
    state = problemState === 'running' ? 'authentication-failed' : problemState;
  }

  const intake = new SalesforceIntake({
    session,
    store,
    logger,
    endpoint: config.salesforce.pubSubEndpoint,
    verifyTls: config.salesforce.verifyTls,
    maxInFlight: config.sync.maxInFlightEvents,
    handle: (payload, sourceEvent) => processor.process(payload, sourceEvent),
    reconcile: async () => {
      const lastCommit = store.getCheckpoint('last-commit-at');
      const lookbackMs = config.sync.reconciliationLookbackHours * 3_600_000;
      const since = new Date((lastCommit ? Date.parse(lastCommit) : Date.now()) - lookbackMs);
      let count = 0;
      for await (const event of changedSince(
        session.connection,
        [...mappings.values()],
        since,
        logger,
      )) {
        count++;
        void scheduler.run(`${event.mapping}:${event.recordId}`, () =>
          processor.applyWithRetry(event, 'reconciliation'),
        );
      }
      await scheduler.idle();
      logger.warn(
        { since: since.toISOString(), records: count },
        'reconciliation done (replay id had expired)',
      );
    },
    onClient: (client) => {
      if (results) results.useClient(client);
      else results = new ResultPublisher(client, session.userId, logger);
    },
    onProblem: (message) => {
      setProblem(message);
    },
  });
  await intake.start();
  state = 'running';

  const heartbeat = setInterval(() => {
    results?.add({
      mapping: undefined,
      recordId: undefined,
      wordpressId: undefined,
      direction: undefined,
      status: 'Heartbeat',
      message: JSON.stringify({
        version: CONNECTOR_VERSION,
        state,
        lagMs: processor.counters.lastLagMs,
        inFlight: intake.unfinished,
      }),
      sourceEvent: undefined,
    });
  }, config.sync.heartbeatSeconds * 1000);
  heartbeat.unref();

  const status = (): ConnectorStatus => {
    const position = intake.replayPosition;
    const usage = session.connection.limitInfo.apiUsage;
    return {
      state,
      version: CONNECTOR_VERSION,
      startedAt,
      ...(reason === undefined ? {} : { reason }),
      salesforce: {
        instanceUrl: session.instanceUrl(),
        replayPositions:
          position === undefined ? {} : { [SYNC_TOPIC]: position.toString(16).padStart(16, '0') },
        apiUsage: usage ? { used: usage.used, limit: usage.limit } : undefined,
      },
      wordpress: { url: config.wordpress.url },
      intake: {
        inFlight: intake.unfinished,
        lagMs: processor.counters.lastLagMs,
        eventsApplied: processor.counters.applied,
      },
      deadLetters: { open: store.countDeadLetters('open') },
      mappings: { loaded: [...mappings.keys()], skipped: loaded.problems },
    };
  };

  const handle: ConnectorHandle = {
    status,
    reloadMappings: async () => {
      loaded = await loadMappingsFromOrg(session.connection);
      mappings = new Map(loaded.mappings.map((mapping) => [mapping.name, mapping]));
      logger.info(
        { mappings: [...mappings.keys()], skipped: loaded.problems },
        'mappings reloaded',
      );
    },
    async stop() {
      state = 'stopping';
      clearInterval(heartbeat);
      await intake.stop();
      await results?.flush();
      store.close();
      state = 'stopped';
      logger.info({ replayPosition: intake.replayPosition }, 'stopped');
    },
  };
  return handle;
}

export { checkpointName };
