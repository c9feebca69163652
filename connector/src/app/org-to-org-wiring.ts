import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import { KeyedScheduler } from '../engine/keyed-scheduler.js';
import type { ConnectorStatus, ProblemReporter } from '../engine/status.js';
import type { ObjectMapping } from '../mapping/types.js';
import {
  createOrgToOrgProcessor,
  runOrgToOrgBackfill,
  type OrgEndpoint,
} from '../salesforce-to-salesforce/index.js';
import type { RunFullSyncOptions } from './run-full-sync.js';
import type { OrgToOrgProcessor } from '../salesforce-to-salesforce/processor.js';
import {
  isOrgToOrgMapping,
  orgToOrgMappingProblems,
  withoutRefused,
} from '../salesforce-to-salesforce/validate.js';
import { loadMappingsFromOrg } from '../salesforce/mapping-loader.js';
import { describeFieldNames } from '../salesforce/org-records.js';
import { openSalesforceSession } from '../salesforce/session.js';
import type { Runtime } from './runtime.js';

export interface OrgToOrgWiring {
  processor: OrgToOrgProcessor;
  targets: ReadonlyMap<string, OrgEndpoint>;
  /** Org → org mappings left out, with the reason (shown like other skipped mappings). */
  problems: { mapping: string; message: string }[];
}

async function connectTarget(
  config: Config,
  name: string,
  logger: Logger,
): Promise<{ endpoint: OrgEndpoint; mappings: ObjectMapping[] } | string> {
  const org = config.orgs.find((entry) => entry.name === name);
  if (org === undefined) return `no org named '${name}' is configured`;
  try {
    const session = await openSalesforceSession(org);
    const loaded = await loadMappingsFromOrg(session.connection);
    return {
      endpoint: { name, connection: session.connection, integrationUserId: session.userId },
      mappings: loaded.mappings,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.error({ target: name, reason }, 'org → org target did not connect');
    return `the target org '${name}' did not connect at start (${reason}); its mappings wait for a restart or ReloadMappings`;
  }
}

/**
 * The org's org → org mappings, ready to run: a session of its own to each target org they
 * name (the source's runtime signs in to the target as the target's integration user), the
 * mappings checked against every configured org (unknown target, loops, the external id field
 * in the target), and a processor for the events of those that pass. Undefined when the org
 * has none.
 */
export async function wireOrgToOrg(
  runtime: Runtime,
  onProblem: ProblemReporter,
): Promise<OrgToOrgWiring | undefined> {
  const { config, logger } = runtime;
  const own = [...runtime.orgToOrgMappings().values()];
  if (own.length === 0) return undefined;
  const names = [...new Set(own.map((mapping) => (mapping.targetOrg ?? '').trim()))];
  const targets = new Map<string, OrgEndpoint>();
  const mappingsByOrg = new Map<string, readonly ObjectMapping[]>([[runtime.org, own]]);
  const unreachable = new Map<string, string>();
  for (const name of names) {
    if (name === runtime.org) continue;
    const connected = await connectTarget(config, name, logger);
    if (typeof connected === 'string') {
      if (config.orgs.some((org) => org.name === name)) unreachable.set(name, connected);
      continue;
    }
    targets.set(name, connected.endpoint);
    mappingsByOrg.set(name, connected.mappings.filter(isOrgToOrgMapping));
  }
  const fields = new Map<string, ReadonlySet<string>>();
  for (const mapping of own) {
    const target = targets.get((mapping.targetOrg ?? '').trim());
    if (target === undefined) continue;
    const key = `${target.name}/${mapping.salesforceObject}`;
    if (!fields.has(key)) {
      fields.set(key, await describeFieldNames(target.connection, mapping.salesforceObject));
    }
  }
  const checked = orgToOrgMappingProblems(
    mappingsByOrg,
    config.orgs.map((org) => org.name),
    (org, object) => fields.get(`${org}/${object}`),
  ).filter((problem) => problem.org === runtime.org);
  const problems = [
    ...checked.map(({ mapping, message }) => ({ mapping, message })),
    ...own
      .filter((mapping) => unreachable.has((mapping.targetOrg ?? '').trim()))
      .map((mapping) => ({
        mapping: mapping.name,
        message: unreachable.get((mapping.targetOrg ?? '').trim()) ?? '',
      })),
  ];
  for (const problem of problems) logger.error(problem, 'mapping skipped');
  const accepted = withoutRefused(runtime.org, own, checked);
  const processor = createOrgToOrgProcessor({
    source: { name: runtime.org },
    targets,
    mappings: accepted,
    reporter: runtime.reporter,
    // Its own lanes, as many as events in flight: one batch can hold every event in flight.
    scheduler: new KeyedScheduler(config.sync.maxInFlightEvents),
    gate: runtime.gate,
    logger,
    maxAttempts: config.sync.maxAttempts,
    onProblem,
  });
  runtime.useOrgToOrg(processor);
  return { processor, targets, problems };
}

/** The status's mappings with the org → org ones: loaded, or skipped with the reason. */
export function withOrgToOrgMappings(
  status: ConnectorStatus,
  runtime: Runtime,
  problems: { mapping: string; message: string }[],
): ConnectorStatus {
  const skipped = new Set(problems.map((problem) => problem.mapping));
  const loaded = [...runtime.orgToOrgMappings().keys()].filter((name) => !skipped.has(name));
  return {
    ...status,
    mappings: {
      loaded: [...status.mappings.loaded, ...loaded],
      skipped: [...status.mappings.skipped, ...problems],
    },
  };
}

/** `sfwp sync --full --org NAME --mapping M` of an org → org mapping, on a wired runtime. */
export function backfillOrgToOrg(
  runtime: Runtime,
  wiring: OrgToOrgWiring,
  mapping: ObjectMapping,
  options: Omit<RunFullSyncOptions, 'mapping'>,
): ReturnType<typeof runOrgToOrgBackfill> {
  const { session } = runtime;
  return runOrgToOrgBackfill({
    source: {
      name: runtime.org,
      connection: session.connection,
      integrationUserId: session.userId,
    },
    targets: wiring.targets,
    mapping,
    processor: wiring.processor,
    store: runtime.store,
    logger: options.logger,
    ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
