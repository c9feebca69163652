import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import type { OutcomeReporter } from '../engine/outcome-reporter.js';
import type { PauseGate } from '../engine/pause-gate.js';
import type { ConnectorStatus, ProblemReporter } from '../engine/status.js';
import { FORM_SUBMISSION_TYPE, flowsIn, type ObjectMapping } from '../mapping/types.js';
import type { SalesforceRecordGateway } from '../salesforce/record-gateway.js';
import type { StateStore } from '../store/state-store.js';
import { CompanionPluginMissingError } from '../wordpress/companion-plugin.js';
import type { WpapiWordPressClient } from '../wordpress/wpapi-client.js';
import {
  applyToSalesforce,
  type SalesforceApplyDependencies,
  type WordPressChangeItem,
} from './apply.js';
import { companionSettingsFor } from './companion-settings.js';
import type { JointAcknowledgement } from '../wordpress/joint-acknowledgement.js';
import { formSubmissionApplier } from './forms/form-applier.js';
import { reportToWordPress } from './forms/result-report.js';
import { WordPressIntake } from './intake.js';
import { recordOutcome } from './outcome.js';

/** What the WordPress → Salesforce pipeline runs on (the app's runtime provides it). */
export interface WordPressSyncDependencies {
  config: Config;
  logger: Logger;
  wordpress: WpapiWordPressClient;
  store: StateStore;
  mappings(): ReadonlyMap<string, ObjectMapping>;
  /** Every org's mappings when several share the site: the plugin's settings cover them all. */
  companionMappings?(): Iterable<ObjectMapping>;
  /** Several orgs: the org this reader syncs, so it also takes the other orgs' writes. */
  readsForOrg?: string | undefined;
  /** Several orgs: the feed's acknowledgement every org's reader shares. */
  sharedFeed?: JointAcknowledgement | undefined;
  salesforceApply: SalesforceApplyDependencies;
  reporter: OutcomeReporter;
  gate: PauseGate;
  /** Form submissions use the connection and the record gateway (the runtime has both). */
  session?: { connection: Connection };
  salesforceRecords?: Pick<SalesforceRecordGateway, 'findByValueOrId'>;
}

export interface WordPressSync {
  status(): NonNullable<ConnectorStatus['changeFeed']>;
  /** The companion plugin's version, as its status said at start; absent when not asked. */
  readonly pluginVersion?: string;
  wake(): void;
  stop(): Promise<void>;
}

function disabled(state: 'disabled' | 'plugin-missing'): WordPressSync {
  return {
    status: () => ({
      state,
      cursor: 0,
      changesRead: 0,
      recordsSynced: 0,
      lastReadAt: undefined,
    }),
    wake: () => undefined,
    stop: () => Promise.resolve(),
  };
}

/**
 * Starts WordPress → Salesforce: checks the companion plugin is there, tells it which types
 * and meta keys the mappings use (and where to ping, with which secret), then runs the
 * change-feed intake. Without the plugin the connector still syncs Salesforce → WordPress and
 * says, in its status and log, what to install.
 */
export async function startWordPressSync(
  runtime: WordPressSyncDependencies,
  onProblem: ProblemReporter,
): Promise<WordPressSync> {
  const { config, logger, wordpress, store } = runtime;
  const feed = config.changeFeed;
  const inbound = [...runtime.mappings().values()].some(
    (mapping) => mapping.active && flowsIn(mapping.direction, 'wordpress-to-salesforce'),
  );
  if (!feed.enabled || !inbound) {
    logger.info(
      {
        reason: feed.enabled
          ? 'no active mapping syncs WordPress to Salesforce'
          : 'changeFeed.enabled is false',
      },
      'WordPress → Salesforce off',
    );
    return disabled('disabled');
  }
  const plugin =
    runtime.sharedFeed === undefined || runtime.readsForOrg === undefined
      ? wordpress.companion
      : runtime.sharedFeed.for(runtime.readsForOrg, wordpress.companion);
  let pluginVersion: string;
  try {
    const status = await plugin.status();
    pluginVersion = status.version;
    if (feed.configurePlugin) {
      const secret = config.wordpress.sharedSecret?.reveal();
      // Signed requests identify the connector's writes exactly; the user id is the fallback
      // without a secret. With a secret it is cleared (0), so a person who signs in to
      // WordPress with the connector's account still has their edits synced.
      const connectorUserId = secret === undefined ? (await wordpress.currentUser()).id : 0;
      await plugin.configure(
        companionSettingsFor(runtime.companionMappings?.() ?? runtime.mappings().values(), {
          webhookUrl: feed.webhookUrl,
          // A secret fixed in wp-config.php (SFWP_SHARED_SECRET) is not ours to replace.
          sharedSecret: status.sharedSecretSource === 'constant' ? undefined : secret,
          connectorUserId,
        }),
      );
    }
    logger.info(
      {
        plugin: status.version,
        latestCursor: status.latestCursor,
        webhook: feed.webhookUrl ?? null,
      },
      'companion plugin found',
    );
  } catch (error) {
    if (error instanceof CompanionPluginMissingError) {
      logger.error(
        { reason: error.message },
        'WordPress → Salesforce off: companion plugin missing',
      );
      return disabled('plugin-missing');
    }
    throw error;
  }

  const applyForms = formSubmissionApplier(runtime);
  const intake = new WordPressIntake({
    plugin,
    store,
    logger,
    mappings: () => runtime.mappings(),
    apply: (mapping: ObjectMapping, items: WordPressChangeItem[]) =>
      mapping.wordpressType === FORM_SUBMISSION_TYPE && applyForms
        ? applyForms(mapping, items)
        : applyToSalesforce(mapping, items, runtime.salesforceApply),
    record: (mapping, outcome, sourceEvent) => {
      runtime.reporter.record(recordOutcome(mapping, outcome), sourceEvent);
      if (mapping.wordpressType === FORM_SUBMISSION_TYPE) {
        void reportToWordPress(wordpress.formSubmissions, outcome, logger);
      }
    },
    gate: () => runtime.gate.whenOpen(),
    pollMs: feed.pollSeconds * 1000,
    batchSize: feed.batchSize,
    collectMs: feed.collectMs,
    throttleRetryMs: config.sync.throttleRetrySeconds * 1000,
    maxAttempts: config.sync.maxAttempts,
    readsForOrg: runtime.readsForOrg,
    onProblem,
  });
  intake.start();
  return {
    pluginVersion,
    status: () => ({ state: 'reading', cursor: intake.cursor, ...intake.counters }),
    wake: () => {
      intake.wake();
    },
    stop: () => intake.stop(),
  };
}
