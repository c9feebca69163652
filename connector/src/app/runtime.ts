import type { Logger } from 'pino';
import type { ProblemReporter } from '../engine/status.js';
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import type { Config } from '../config/load-config.js';
import type { LoadedMappings } from '../mapping/from-metadata.js';
import type { ObjectMapping } from '../mapping/types.js';
import { loadMappingsFromOrg } from '../salesforce/mapping-loader.js';
import { ExternalIdWriter } from '../salesforce/external-id-writer.js';
import { SalesforceRecordGateway } from '../salesforce/record-gateway.js';
import { ResultPublisher } from '../salesforce/result-publisher.js';
import { openSalesforceSession, type SalesforceSession } from '../salesforce/session.js';
import { openStateStore } from '../store/open-state-store.js';
import { storeKind } from '../config/schema.js';
import type { StateStore } from '../store/state-store.js';
import { KeyedScheduler } from '../engine/keyed-scheduler.js';
import { ReadBatcher } from '../engine/read-batcher.js';
import { RecordLocks } from '../engine/record-locks.js';
import { MatchBatcher } from '../engine/match-batcher.js';
import { WriteBatcher } from '../engine/write-batcher.js';
import { WpapiWordPressClient } from '../wordpress/wpapi-client.js';
import type { RequestRecord } from '../wordpress/types.js';
import type { ConnectorMetrics, EventOutcome } from '../observability/metrics.js';
import { DEFAULT_ORG } from '../config/schema.js';
import type { SalesforceApplyDependencies } from '../wordpress-to-salesforce/apply.js';
import { EventProcessor } from '../salesforce-to-wordpress/processor.js';
import { PauseControl } from '../engine/pause.js';
import { connectPubSub } from '../salesforce/pubsub-connection.js';
import { OutcomeReporter } from '../engine/outcome-reporter.js';
import { PauseGate } from '../engine/pause-gate.js';
import { TopicGateway } from '../salesforce/topic-gateway.js';
import { checkedStartSettings, splitMappings, type RuntimeOrg } from './runtime-org.js';
import type { OrgToOrgProcessor } from '../salesforce-to-salesforce/processor.js';
import type { JointAcknowledgement } from '../wordpress/joint-acknowledgement.js';
export type { RuntimeOrg } from './runtime-org.js';

/** What the running service and one-off commands (full sync, DLQ retry) share. */
export interface Runtime {
  /** The org this runtime serves (`default` for a single-org config). */
  readonly org: string;
  readonly config: Config;
  readonly logger: Logger;
  readonly session: SalesforceSession;
  readonly store: StateStore;
  readonly wordpress: WpapiWordPressClient;
  readonly scheduler: KeyedScheduler;
  readonly processor: EventProcessor;
  /** Both directions' intake waits here while the sync is paused. */
  readonly gate: PauseGate;
  /** Pause and Resume (kept in the state database across restarts). */
  readonly pause: PauseControl;
  /** Where every record outcome, of both directions, is reported. */
  readonly reporter: OutcomeReporter;
  readonly salesforceRecords: SalesforceRecordGateway;
  /** Sync results to Salesforce (sent once a Pub/Sub client is attached). */
  readonly results: Pick<ResultPublisher, 'add'>;
  readonly metrics: ConnectorMetrics | undefined;
  /** What the WordPress → Salesforce path writes and reads with. */
  readonly salesforceApply: SalesforceApplyDependencies;
  /** The org's mappings with WordPress (org → org mappings are not among them). */
  mappings(): ReadonlyMap<string, ObjectMapping>;
  /** The org's mappings to other orgs (`Target_Org__c`), by name. */
  orgToOrgMappings(): ReadonlyMap<string, ObjectMapping>;
  /** The processor of those mappings, once the running connector has wired them. */
  orgToOrg(): OrgToOrgProcessor | undefined;
  useOrgToOrg(processor: OrgToOrgProcessor): void;
  /** The mappings the companion plugin's settings are made from: every org's, when several. */
  companionMappings(): Iterable<ObjectMapping>;
  /** Several orgs: the org the change feed reader syncs (it takes the other orgs' writes too). */
  readonly readsForOrg: string | undefined;
  readonly sharedFeed: JointAcknowledgement | undefined;
  mappingProblems(): LoadedMappings['problems'];
  reloadMappings(): Promise<void>;
  /** Results go over this Pub/Sub client from now on. */
  useResultClient(client: PubSubApiClient): void;
  flushResults(): Promise<void>;
  close(): void;
}

export interface RuntimeHooks {
  /** Credentials refused, a side unreachable or throttled (message), or all well again (undefined). */
  onProblem: ProblemReporter;
  /**
   * The store is open, nothing else is yet: the service claims it (or fences it with its lease)
   * here, so a process that may not use it writes nothing. Throwing stops the start.
   */
  onStoreOpened?: (store: StateStore) => void;
}

/**
 * Connects to both sides and loads the mappings. Fails fast, with a clear message, when either
 * side refuses the configured credentials.
 */
export async function createRuntime(
  config: Config,
  logger: Logger,
  hooks: RuntimeHooks,
  metrics?: ConnectorMetrics,
  org: RuntimeOrg = { name: config.orgs[0]?.name ?? DEFAULT_ORG },
): Promise<Runtime> {
  const sharedSecret = checkedStartSettings(config, logger);
  const ownsStore = org.store === undefined;
  const store =
    org.store ??
    openStateStore({
      kind: storeKind(config.store),
      path: config.store.path,
      url: config.store.url?.reveal(),
      org: org.name,
    });
  const closeStore = (): void => {
    if (ownsStore) store.close();
  };
  try {
    if (ownsStore) hooks.onStoreOpened?.(store);
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
      verifyTls: config.wordpress.verifyTls,
      ...(sharedSecret === undefined ? {} : { originSecret: sharedSecret }),
      ...(org.severalOrgs === true ? { sourceOrg: org.name } : {}),
      onNotice: (message: string) => {
        logger.info(message);
      },
      ...(metrics
        ? {
            onRequest: (record: RequestRecord) => {
              metrics.recordWordPressRequest(record);
            },
          }
        : {}),
    });
    const me = await wordpress.currentUser();
    logger.info(
      { url: config.wordpress.url, user: me.username ?? me.name },
      'connected to WordPress',
    );

    let loaded = await loadMappingsFromOrg(session.connection);
    let [byName, toOrgs] = splitMappings(loaded.mappings);
    const reportMappings = (): void => {
      for (const problem of loaded.problems) logger.error(problem, 'mapping skipped');
      logger.info({ mappings: [...byName.keys()] }, 'mappings loaded');
    };
    reportMappings();

    let results: ResultPublisher | undefined;
    let orgToOrgProcessor: OrgToOrgProcessor | undefined;
    const resultSink: Pick<ResultPublisher, 'add'> = { add: (result) => results?.add(result) };
    const idWriter = new ExternalIdWriter(
      session.connection,
      store,
      (name) => byName.get(name),
      logger,
    );
    const scheduler = new KeyedScheduler(config.sync.recordConcurrency);
    const locks = new RecordLocks();
    const reporter = new OutcomeReporter({
      store,
      results: resultSink,
      logger,
      ...(metrics
        ? {
            count: (mapping: string, outcome: EventOutcome, count?: number) => {
              metrics.recordEvent(mapping, outcome, count, org.name);
            },
          }
        : {}),
    });
    const gate = new PauseGate();
    // Records' Topics, for mappings with a Topics set (docs/SEGMENTS.md).
    const topics = new TopicGateway(session.connection);
    // The batchers wait for other records only while some are still being applied.
    const busy = (): number => processor.busy;
    const processor: EventProcessor = new EventProcessor({
      apply: {
        wordpress,
        writer: new WriteBatcher(wordpress, { busy }),
        reader: new ReadBatcher(wordpress, { busy }),
        matcher: new MatchBatcher(wordpress, { busy }),
        locks,
        store,
        mapping: (name) => byName.get(name),
        topics,
      },
      scheduler,
      reporter,
      gate,
      logger,
      maxAttempts: config.sync.maxAttempts,
      onProblem: (message, problem) => {
        hooks.onProblem(message, problem);
      },
      onLinked: (event, wordpressId) => {
        if (event.wordpressId === wordpressId) {
          store.markWrittenBack(event.mapping, event.recordId, wordpressId);
        } else {
          idWriter.schedule();
        }
      },
    });

    const salesforceRecords = new SalesforceRecordGateway(session.connection);
    // Ids a previous run linked but could not write back before it stopped.
    idWriter.schedule();

    return {
      org: org.name,
      config,
      logger,
      session,
      store,
      wordpress,
      scheduler,
      processor,
      gate,
      pause: new PauseControl(store, gate),
      reporter,
      salesforceRecords,
      results: resultSink,
      metrics,
      salesforceApply: {
        connectorUserId: me.id,
        wordpress,
        salesforce: salesforceRecords,
        store,
        locks,
        topics,
      },
      mappings: () => byName,
      orgToOrgMappings: () => toOrgs,
      orgToOrg: () => orgToOrgProcessor,
      useOrgToOrg(processor) {
        orgToOrgProcessor = processor;
      },
      readsForOrg: org.severalOrgs === true ? org.name : undefined,
      sharedFeed: org.sharedFeed,
      companionMappings: () => [...byName.values(), ...(org.otherOrgsMappings?.() ?? [])],
      mappingProblems: () => loaded.problems,
      async reloadMappings() {
        loaded = await loadMappingsFromOrg(session.connection);
        [byName, toOrgs] = splitMappings(loaded.mappings);
        reportMappings();
      },
      useResultClient(client) {
        if (results) results.useClient(client);
        else
          results = new ResultPublisher(client, session.userId, logger, {
            renewClient: async () => {
              await session.refresh();
              return connectPubSub(
                session,
                config.salesforce.pubSubEndpoint,
                config.salesforce.verifyTls,
                logger,
              );
            },
          });
      },
      async flushResults() {
        await Promise.all([results?.flush(), idWriter.flush()]);
      },
      close() {
        results?.close();
        idWriter.close();
        closeStore();
      },
    };
  } catch (error) {
    closeStore();
    throw error;
  }
}
