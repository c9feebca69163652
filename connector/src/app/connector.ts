import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import type { ConnectorMetrics } from '../observability/metrics.js';
import { takeRetryRequests } from '../store/retry-requests.js';
import { COMMAND_TOPIC, executeCommand, retryDeadLetter } from './commands.js';
import { changedSince } from '../salesforce-to-wordpress/reconcile.js';
import { createRuntime } from './runtime.js';
import { SalesforceIntake, SYNC_TOPIC } from '../salesforce-to-wordpress/intake.js';
import { startWordPressSync, type WordPressSync } from '../wordpress-to-salesforce/pipeline.js';
import { wordpressAccountWarnings } from '../wordpress/account-warnings.js';
import type {
  ConnectorState,
  ConnectorStatus,
  ProblemState,
  RunningConnector,
} from '../engine/status.js';

export const CONNECTOR_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export interface StartConnectorOptions {
  logger: Logger;
  /** Counts events and WordPress requests for `/metrics`. */
  metrics?: ConnectorMetrics;
}

export interface ConnectorHandle extends RunningConnector {
  /** Reads the mappings from the org again (the ReloadMappings command). */
  reloadMappings(): Promise<void>;
}

/**
 * The running connector: the shared runtime plus the Pub/Sub intake, reconciliation when the
 * stored replay id has expired, and a heartbeat result every `sync.heartbeatSeconds`.
 */
export async function startConnector(
  config: Config,
  options: StartConnectorOptions,
): Promise<ConnectorHandle> {
  const logger = options.logger;
  const startedAt = new Date().toISOString();
  let state: ConnectorState = 'starting';
  let reason: string | undefined;

  function setProblem(
    message: string | undefined,
    problem: ProblemState = 'authentication-failed',
  ): void {
    if (state === 'stopping' || state === 'stopped') return;
    if (message === undefined) {
      if (reason !== undefined) logger.info('recovered');
      reason = undefined;
      state = 'running';
      return;
    }
    if (reason !== message) logger.error({ reason: message }, 'connector degraded');
    reason = message;
    state = problem;
  }

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
    },
    options.metrics,
  );
  const { session, store, scheduler, processor } = runtime;

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
        [...runtime.mappings().values()],
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
      runtime.useResultClient(client);
    },
    onProblem: setProblem,
    commands: {
      topic: COMMAND_TOPIC,
      handle: async (payload, sourceEvent) => {
        const outcome = await executeCommand(payload, runtime, logger);
        processor.reportCommand(payload, outcome, sourceEvent);
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
  const wordpressWarnings = await wordpressAccountWarnings(runtime.wordpress);
  for (const warning of wordpressWarnings)
    logger.warn({ wordpress: config.wordpress.url }, warning);
  state = 'running';

  // Dead letters handed over by `sfwp dlq retry` (see store/retry-requests.ts).
  let retrying = false;
  const retryPoll = setInterval(() => {
    if (retrying) return;
    const ids = takeRetryRequests(store);
    if (ids.length === 0) return;
    retrying = true;
    void (async () => {
      for (const id of ids) {
        const letter = store.getDeadLetter(id);
        if (letter) await retryDeadLetter(runtime, letter);
      }
      logger.info({ deadLetters: ids }, 'dead letters retried on request');
    })().finally(() => {
      retrying = false;
    });
  }, 2000);
  retryPoll.unref();

  /** The state shown: a pause shows unless a problem (which needs someone to act) does. */
  function shownState(): ConnectorState {
    return state === 'running' && runtime.pause.info ? 'paused' : state;
  }

  // Declarations, not constants: a command can arrive while the intake is still starting.
  function beat(): void {
    processor.reportHeartbeat(
      JSON.stringify({
        version: CONNECTOR_VERSION,
        state: shownState(),
        ...runtime.pause.info,
        lagMs: processor.counters.lastLagMs,
        inFlight: intake.unfinished,
      }),
    );
  }
  const heartbeat = setInterval(beat, config.sync.heartbeatSeconds * 1000);
  heartbeat.unref();

  const status = (): ConnectorStatus => {
    const position = intake.replayPosition;
    const usage = session.connection.limitInfo.apiUsage;
    return {
      state: shownState(),
      version: CONNECTOR_VERSION,
      startedAt,
      ...(reason === undefined ? {} : { reason }),
      ...runtime.pause.info,
      salesforce: {
        instanceUrl: session.instanceUrl(),
        replayPositions:
          position === undefined ? {} : { [SYNC_TOPIC]: position.toString(16).padStart(16, '0') },
        apiUsage: usage ? { used: usage.used, limit: usage.limit } : undefined,
      },
      wordpress: {
        url: config.wordpress.url,
        ...(wordpressWarnings.length > 0 ? { warnings: wordpressWarnings } : {}),
      },
      intake: {
        inFlight: intake.unfinished,
        lagMs: processor.counters.lastLagMs,
        eventsApplied: processor.counters.applied,
      },
      changeFeed: wordpressSync.status(),
      deadLetters: { open: store.countDeadLetters('open') },
      mappings: { loaded: [...runtime.mappings().keys()], skipped: runtime.mappingProblems() },
    };
  };

  return {
    status,
    reloadMappings: () => runtime.reloadMappings(),
    wakeChangeFeed: () => {
      wordpressSync.wake();
    },
    async stop() {
      state = 'stopping';
      clearInterval(heartbeat);
      clearInterval(retryPoll);
      await wordpressSync.stop();
      await intake.stop();
      await runtime.flushResults();
      runtime.close();
      state = 'stopped';
      logger.info({ replayPosition: intake.replayPosition }, 'stopped');
    },
  };
}
