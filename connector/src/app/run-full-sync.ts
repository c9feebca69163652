import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import type { Config } from '../config/load-config.js';
import type { ObjectMapping, SyncDirection } from '../mapping/types.js';
import { applyToSalesforce } from '../wordpress-to-salesforce/apply.js';
import { applyWithRetries } from '../wordpress-to-salesforce/retrying-apply.js';
import type { DryRunChange, FullSyncProgress } from '../engine/backfill-progress.js';
import { fullSync } from '../salesforce-to-wordpress/backfill.js';
import { fullSyncToSalesforce } from '../wordpress-to-salesforce/backfill.js';
import { recordOutcome } from '../wordpress-to-salesforce/outcome.js';
import { connectPubSub } from '../salesforce/pubsub-connection.js';
import { backfillOrgToOrg, wireOrgToOrg } from './org-to-org-wiring.js';
import { createRuntime, type Runtime } from './runtime.js';
import { otherRunningService, ServiceRunningError } from './service-marker.js';

export interface RunFullSyncOptions {
  logger: Logger;
  /** DeveloperName of the object mapping. */
  mapping: string;
  /** Which way to backfill; Salesforce → WordPress by default. */
  direction?: SyncDirection;
  dryRun?: boolean;
  /** Several orgs: the org whose mapping it is (the first org listed when absent). */
  org?: string;
  onProgress?(progress: FullSyncProgress): void;
}

/**
 * `sfwp sync --full --mapping NAME [--direction wp-to-sf] [--dry-run]`: a backfill outside the
 * running service.
 */
export async function runFullSync(
  config: Config,
  options: RunFullSyncOptions,
): Promise<{ progress: FullSyncProgress; changes: DryRunChange[] }> {
  const runtime = await createRuntime(config, options.logger, {
    onProblem: (message, problem = 'authentication-failed') => {
      if (message)
        options.logger.error({ reason: message, problem }, 'waiting for a problem to clear');
    },
  });
  let client: PubSubApiClient | undefined;
  try {
    const service = otherRunningService(runtime.store);
    if (service && !options.dryRun) throw new ServiceRunningError(service);
    const toOrg = runtime.orgToOrgMappings().get(options.mapping);
    if (toOrg !== undefined) {
      const wiring = await wireOrgToOrg(runtime, () => undefined);
      const refused = wiring?.problems.find((problem) => problem.mapping === toOrg.name);
      if (wiring === undefined || refused !== undefined) {
        throw new Error(`${toOrg.name} cannot run: ${refused?.message ?? 'no target org'}`);
      }
      return await backfillOrgToOrg(runtime, wiring, toOrg, options);
    }
    loadedMapping(runtime, options.mapping);
    if (!options.dryRun) {
      client = await connectPubSub(
        runtime.session,
        config.salesforce.pubSubEndpoint,
        config.salesforce.verifyTls,
        options.logger,
      );
      runtime.useResultClient(client);
    }
    return await fullSyncOnRuntime(runtime, config, options);
  } finally {
    // Interrupted: report what was done (bounded), then stop timers before the client closes.
    await Promise.race([runtime.flushResults().catch(() => undefined), delay(5000)]);
    runtime.close();
    client?.close();
  }
}

/**
 * A full sync of one mapping on a runtime that is already up: the running connector's own (so
 * the backfill shares its record lanes and locks with the live events), or the CLI's.
 */
export async function fullSyncOnRuntime(
  runtime: Runtime,
  config: Config,
  options: RunFullSyncOptions,
): Promise<{ progress: FullSyncProgress; changes: DryRunChange[] }> {
  const mapping = loadedMapping(runtime, options.mapping);
  if (options.direction === 'wordpress-to-salesforce') {
    const result = await fullSyncToSalesforce(mapping, {
      wordpress: runtime.wordpress,
      store: runtime.store,
      logger: options.logger,
      apply: (items, applyOptions) =>
        applyWithRetries(
          mapping,
          items,
          (pending) => applyToSalesforce(mapping, pending, runtime.salesforceApply, applyOptions),
          { logger: options.logger, maxAttempts: config.sync.maxAttempts, wait: delay },
        ),
      record: (outcome) => {
        runtime.reporter.record(recordOutcome(mapping, outcome), 'full-sync');
      },
      ...(options.dryRun ? { dryRun: true } : {}),
      ...(options.onProgress
        ? { onProgress: (progress: FullSyncProgress) => options.onProgress?.(progress) }
        : {}),
    });
    await runtime.flushResults();
    return result;
  }
  const result = await fullSync(mapping, {
    connection: runtime.session.connection,
    wordpress: runtime.wordpress,
    store: runtime.store,
    scheduler: runtime.scheduler,
    logger: options.logger,
    apply: (event) => runtime.processor.applyWithRetry(event, 'full-sync'),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.onProgress
      ? { onProgress: (progress: FullSyncProgress) => options.onProgress?.(progress) }
      : {}),
  });
  await runtime.flushResults();
  return result;
}

function loadedMapping(runtime: Runtime, name: string): ObjectMapping {
  const mapping = runtime.mappings().get(name);
  if (mapping) return mapping;
  throw new Error(
    `No loaded mapping named ${name}; loaded: ${[...runtime.mappings().keys()].join(', ') || 'none'}`,
  );
}
