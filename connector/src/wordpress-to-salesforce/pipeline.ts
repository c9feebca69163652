import { HTML_TRANSFORMS, URL_TRANSFORMS } from '../mapping/transforms.js';
import { isMetaField } from '../mapping/wordpress-fields.js';
import { flowsIn, type ObjectMapping } from '../mapping/types.js';
import { applyToSalesforce, type WordPressChangeItem } from './apply.js';
import {
  CompanionPluginMissingError,
  type CompanionSettings,
} from '../wordpress/companion-plugin.js';
import { USER_TYPE } from '../wordpress/types.js';
import type { Runtime } from '../app/runtime.js';
import { reportSalesforceOutcome } from '../engine/outcome-reporter.js';
import type { ConnectorStatus, ProblemReporter } from '../engine/status.js';
import { WordPressIntake } from './intake.js';

export interface WordPressSync {
  status(): NonNullable<ConnectorStatus['changeFeed']>;
  wake(): void;
  stop(): Promise<void>;
}

function addKeys(lists: Record<string, string[]>, type: string, keys: string[]): void {
  if (keys.length > 0) lists[type] = [...new Set([...(lists[type] ?? []), ...keys])];
}

function metaKeys(mapping: ObjectMapping, transforms?: ReadonlySet<string>): string[] {
  return mapping.fields
    .filter((field) => isMetaField(field.wordpressField))
    .filter((field) => transforms === undefined || transforms.has(field.transform))
    .map((field) => field.wordpressField.slice('meta.'.length));
}

/**
 * What the plugin must know: the post types to record, the meta keys to expose in REST, which
 * keys hold HTML or URLs (the plugin strips every tag from the connector's other text), and
 * the connector's own WordPress user, by which it recognises the connector's writes when no
 * shared secret signs them.
 */
export function companionSettingsFor(
  mappings: Iterable<ObjectMapping>,
  options: {
    webhookUrl: string | undefined;
    sharedSecret: string | undefined;
    connectorUserId?: number;
  },
): CompanionSettings {
  const postTypes = new Set<string>();
  const meta: Record<string, string[]> = {};
  const html: Record<string, string[]> = {};
  const urls: Record<string, string[]> = {};
  for (const mapping of mappings) {
    if (!mapping.active) continue;
    if (mapping.wordpressType !== USER_TYPE) postTypes.add(mapping.wordpressType);
    addKeys(meta, mapping.wordpressType, metaKeys(mapping));
    addKeys(html, mapping.wordpressType, metaKeys(mapping, HTML_TRANSFORMS));
    addKeys(urls, mapping.wordpressType, metaKeys(mapping, URL_TRANSFORMS));
    // WordPress keeps the user description as the user meta `description`.
    const htmlDescription = mapping.fields.some(
      (field) => field.wordpressField === 'description' && HTML_TRANSFORMS.has(field.transform),
    );
    if (mapping.wordpressType === USER_TYPE && htmlDescription) {
      addKeys(html, USER_TYPE, ['description']);
    }
  }
  return {
    post_types: [...postTypes].sort(),
    meta,
    html_meta_keys: html,
    url_meta_keys: urls,
    ...(options.webhookUrl === undefined ? {} : { webhook_url: options.webhookUrl }),
    ...(options.sharedSecret === undefined ? {} : { shared_secret: options.sharedSecret }),
    ...(options.connectorUserId === undefined
      ? {}
      : { connector_user_id: options.connectorUserId }),
  };
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
  runtime: Runtime,
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
  const plugin = wordpress.companion;
  try {
    const status = await plugin.status();
    if (feed.configurePlugin) {
      const secret = config.wordpress.sharedSecret?.reveal();
      // Signed requests identify the connector's writes exactly; the user id is the fallback
      // without a secret. With a secret it is cleared (0), so a person who signs in to
      // WordPress with the connector's account still has their edits synced.
      const connectorUserId = secret === undefined ? (await wordpress.currentUser()).id : 0;
      await plugin.configure(
        companionSettingsFor(runtime.mappings().values(), {
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

  const intake = new WordPressIntake({
    plugin,
    store,
    logger,
    mappings: () => runtime.mappings(),
    apply: (mapping: ObjectMapping, items: WordPressChangeItem[]) =>
      applyToSalesforce(mapping, items, runtime.salesforceApply),
    record: (mapping, outcome, sourceEvent) => {
      reportSalesforceOutcome(runtime.outcomeReporting, mapping, outcome, sourceEvent);
    },
    gate: () => runtime.processor.whenResumed(),
    pollMs: feed.pollSeconds * 1000,
    batchSize: feed.batchSize,
    throttleRetryMs: config.sync.throttleRetrySeconds * 1000,
    maxAttempts: config.sync.maxAttempts,
    onProblem,
  });
  intake.start();
  return {
    status: () => ({ state: 'reading', cursor: intake.cursor, ...intake.counters }),
    wake: () => {
      intake.wake();
    },
    stop: () => intake.stop(),
  };
}
