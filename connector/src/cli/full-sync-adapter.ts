import { runFullSync, type RunFullSyncOptions } from '../app/run-full-sync.js';
import { ServiceRunningError } from '../app/service-marker.js';
import { CliError } from './errors/index.js';
import type { Config } from '../config/load-config.js';
import type { DryRunChange, FullSyncProgress } from '../engine/backfill-progress.js';
import type { FullSync } from './commands/sync.js';

function describeChange(change: DryRunChange): string {
  const target = change.wordpressId === undefined ? '' : ` WordPress ${String(change.wordpressId)}`;
  const fields = Object.entries(change.fields ?? {})
    .map(
      ([field, diff]) =>
        `\n    ${field}: ${JSON.stringify(diff.from)} → ${JSON.stringify(diff.to)}`,
    )
    .join('');
  const reason = change.reason === undefined ? '' : `\n    ${change.reason}`;
  return `${change.action.padEnd(9)} ${change.recordId}${target}${fields}${reason}`;
}

/** Where a full sync runs: its own runtime (the CLI) or the running connector's (the demo). */
export type FullSyncRunner = (
  config: Config,
  options: RunFullSyncOptions,
) => Promise<{ progress: FullSyncProgress; changes: DryRunChange[] }>;

/** `sfwp sync --full` on a backfill runner; a dry run prints one line per change. */
export function fullSyncOn(run: FullSyncRunner): FullSync {
  return async (config, options) => {
    const { progress, changes } = await run(config, {
      logger: options.logger,
      mapping: options.mapping,
      direction: options.direction,
      dryRun: options.dryRun,
      // The org --org named (first in a narrowed config): a running connector's slot for it.
      ...(config.orgs[0] === undefined ? {} : { org: config.orgs[0].name }),
      onProgress: (current) => {
        options.progress(current.done, current.total);
      },
    });
    if (!options.dryRun) {
      return {
        created: progress.created,
        updated: progress.updated,
        linked: progress.linked,
        unchanged: progress.unchanged,
        failed: progress.failed,
      };
    }
    for (const change of changes)
      if (change.action !== 'unchanged') options.print(describeChange(change));
    const count = (action: DryRunChange['action']): number =>
      changes.filter((change) => change.action === action).length;
    return {
      created: count('create'),
      updated: count('update'),
      linked: count('link'),
      unchanged: count('unchanged'),
      failed: count('invalid'),
    };
  };
}

/** `sfwp sync --full` in its own runtime, beside (not inside) a running connector. */
export const fullSyncForCli: FullSync = fullSyncOn((config, options) =>
  runFullSync(config, options).catch((error: unknown) => {
    throw error instanceof ServiceRunningError ? new CliError(error.message) : error;
  }),
);
