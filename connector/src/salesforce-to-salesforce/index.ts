import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import type { KeyedScheduler } from '../engine/keyed-scheduler.js';
import type { OutcomeReporter } from '../engine/outcome-reporter.js';
import type { PauseGate } from '../engine/pause-gate.js';
import type { ProblemReporter } from '../engine/status.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { StateStore } from '../store/state-store.js';
import { runOrgToOrgBackfill as runBackfill } from './backfill.js';
import type { Leg } from './plan.js';
import { OrgToOrgProcessor, type LegRoute } from './processor.js';
import { isOrgToOrgMapping } from './validate.js';

/** A configured org as the org → org pipeline needs it (from the org's SalesforceSession). */
export interface OrgEndpoint {
  /** The config's name of the org (what Target_Org__c names). */
  name: string;
  connection: Connection;
  /** The connector's integration user in that org (`SalesforceSession.userId`). */
  integrationUserId: string;
}

export interface OrgToOrgProcessorOptions {
  source: Pick<OrgEndpoint, 'name'>;
  /** Every configured org the source may send to, by name. */
  targets: ReadonlyMap<string, OrgEndpoint>;
  /** The source org's mappings, already checked by orgToOrgMappingProblems; others are ignored. */
  mappings: readonly ObjectMapping[];
  /** The source org's outcome reporter (its dead letters and sync log). */
  reporter: OutcomeReporter;
  scheduler: KeyedScheduler;
  gate: PauseGate;
  logger: Logger;
  /** Tries of a record failing transiently (`sync.maxAttempts`). @defaultValue 5 */
  maxAttempts?: number;
  onProblem?: ProblemReporter;
}

/** The legs the source org's active org → org mappings make, by mapping name. */
export function legRoutes(
  sourceOrg: string,
  mappings: readonly ObjectMapping[],
  targets: ReadonlyMap<string, OrgEndpoint>,
): Map<string, LegRoute> {
  const routes = new Map<string, LegRoute>();
  for (const mapping of mappings) {
    if (!mapping.active || !isOrgToOrgMapping(mapping)) continue;
    const target = targets.get((mapping.targetOrg ?? '').trim());
    if (!target || target.name === sourceOrg) continue;
    const leg: Leg = {
      mapping,
      sourceOrg,
      targetOrg: target.name,
      twoWay: mapping.direction === 'Bidirectional',
      targetIntegrationUserId: target.integrationUserId,
    };
    routes.set(mapping.name, { leg, target: target.connection });
  }
  return routes;
}

/** The source org's org → org processor: route its intake's events of these mappings to it. */
export function createOrgToOrgProcessor(options: OrgToOrgProcessorOptions): OrgToOrgProcessor {
  return new OrgToOrgProcessor({
    sourceOrg: options.source.name,
    routes: legRoutes(options.source.name, options.mappings, options.targets),
    scheduler: options.scheduler,
    reporter: options.reporter,
    gate: options.gate,
    logger: options.logger,
    maxAttempts: options.maxAttempts ?? 5,
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
  });
}

export interface OrgToOrgBackfillRequest {
  source: OrgEndpoint;
  targets: ReadonlyMap<string, OrgEndpoint>;
  /** The org → org mapping (of the source org) to backfill. */
  mapping: ObjectMapping;
  processor: OrgToOrgProcessor;
  store: Pick<StateStore, 'getCheckpoint' | 'setCheckpoint'>;
  logger: Logger;
  dryRun?: boolean;
  onProgress?: Parameters<typeof runBackfill>[0]['onProgress'];
  pageSize?: number;
}

/** `sfwp sync --full --org NAME` for an org → org mapping: see runOrgToOrgBackfill in backfill.ts. */
export async function runOrgToOrgBackfill(request: OrgToOrgBackfillRequest) {
  const route = legRoutes(request.source.name, [request.mapping], request.targets).get(
    request.mapping.name,
  );
  if (!route)
    throw new Error(
      `${request.mapping.name} is not an active org → org mapping of org ${request.source.name} with a configured target`,
    );
  return runBackfill({
    source: request.source.connection,
    target: route.target,
    leg: route.leg,
    applyEvent: (event, sourceEvent) => request.processor.applyEvent(event, sourceEvent),
    store: request.store,
    logger: request.logger,
    ...(request.dryRun === undefined ? {} : { dryRun: request.dryRun }),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.pageSize === undefined ? {} : { pageSize: request.pageSize }),
  });
}

export { OrgToOrgProcessor } from './processor.js';
export { orgToOrgMappingProblems, withoutRefused, isOrgToOrgMapping } from './validate.js';
export type { OrgToOrgProblem, FieldsOf } from './validate.js';
export { isOrgToOrgRetryPayload, type OrgToOrgRetryPayload } from './outcome.js';
export { backfillCheckpoint } from './backfill.js';
