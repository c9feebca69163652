import { runFullSync } from '../app/run-full-sync.js';
import type { DryRunChange } from '../engine/backfill-progress.js';
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

/** `sfwp sync --full` on the service's backfill; a dry run prints one line per change. */
export const fullSyncForCli: FullSync = async (config, options) => {
  const { progress, changes } = await runFullSync(config, {
    logger: options.logger,
    mapping: options.mapping,
    direction: options.direction,
    dryRun: options.dryRun,
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
