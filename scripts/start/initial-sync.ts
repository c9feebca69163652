/**
 * The demo's initial sync: the CLI's `sfwp sync --full --mapping NAME --direction D` for every
 * loaded mapping in each direction it flows, Salesforce → WordPress first, with the command's
 * progress bar (on a terminal) and summary line, run inside the demo's connector: the backfill
 * shares the live events' record lanes and locks (after a crash, `--keep` replays the events
 * the backfill also meets; two writers of one record would create it twice).
 */
import { performance } from 'node:perf_hooks';
import { FORM_SUBMISSION_TYPE } from '../../connector/src/mapping/types.js';
import type { Logger } from 'pino';
import type { ConnectorHandle } from '../../connector/src/app/connector.js';
import { createSyncCommand } from '../../connector/src/cli/commands/sync.js';
import type { CliIo } from '../../connector/src/cli/io.js';
import type { DemoMapping } from './emulator.js';

export interface InitialSyncOptions {
  mappings: readonly DemoMapping[];
  connector: Pick<ConnectorHandle, 'fullSync'>;
  env: Record<string, string>;
  cwd: string;
  logger: Logger;
  print: (line: string) => void;
  /**
   * The live log, held while a progress bar owns the terminal; `release` prints what waited
   * (warnings, failures) and returns how many record lines it kept to the JSON log.
   */
  liveLog: { hold(): void; release(): number };
  /** More arguments for each `sfwp sync` (`--config FILE --org default` for `--orgs 2`). */
  args?: string[];
}

export interface InitialSyncReport {
  /** Mappings whose sync had failures (see the live log and `sfwp dlq list`). */
  failed: string[];
  /** Record outcomes logged to the JSON log only. */
  records: number;
  ms: number;
}

function commandIo(options: InitialSyncOptions): CliIo {
  return {
    // The summary line ("created 3, updated 0, …") under the mapping's heading.
    stdout: {
      write: (text: string) => {
        for (const line of text.split('\n')) if (line !== '') options.print(`    ${line}`);
      },
    },
    stderr: process.stderr,
    stdin: process.stdin,
    env: options.env,
    cwd: options.cwd,
    shutdownRequested: () => new Promise<string>(() => undefined),
  };
}

/** `sfwp sync`, logging into the demo's logger (the live log and the JSON log file). */
function syncCommand(options: InitialSyncOptions) {
  return createSyncCommand(
    async () =>
      (await import('../../connector/src/cli/full-sync-adapter.js')).fullSyncOn((_config, run) =>
        options.connector.fullSync(run),
      ),
    () => options.logger,
  );
}

/** `sfwp sync --full --mapping NAME --direction D` for one mapping; the exit code. */
async function syncMapping(
  mapping: DemoMapping,
  direction: 'sf-to-wp' | 'wp-to-sf',
  options: InitialSyncOptions,
): Promise<number> {
  return syncCommand(options)
    .run(['--full', '--mapping', mapping.name, '--direction', direction, ...(options.args ?? [])], {
      io: commandIo(options),
      debug: false,
    })
    .catch((error: unknown) => {
      options.print(`    failed: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    });
}

export async function runInitialSync(options: InitialSyncOptions): Promise<InitialSyncReport> {
  const started = performance.now();
  const failed = new Set<string>();
  let records = 0;
  // Form submissions arrive as visitors send them; there is nothing of theirs to backfill.
  const active = options.mappings.filter(
    (mapping) => mapping.active && mapping.wordpressType !== FORM_SUBMISSION_TYPE,
  );
  const passes = [
    { heading: 'Salesforce → WordPress', direction: 'sf-to-wp', applies: 'toWordPress' },
    { heading: 'WordPress → Salesforce', direction: 'wp-to-sf', applies: 'toSalesforce' },
  ] as const;
  for (const pass of passes) {
    const mappings = active.filter((mapping) => mapping[pass.applies]);
    if (mappings.length > 0) options.print(`Initial sync, ${pass.heading}:`);
    for (const mapping of mappings) {
      const [from, to] =
        pass.direction === 'sf-to-wp'
          ? [mapping.salesforceObject, mapping.wordpressType]
          : [mapping.wordpressType, mapping.salesforceObject];
      options.print(`  ${mapping.name}  ${from} → ${to}`);
      options.liveLog.hold();
      const code = await syncMapping(mapping, pass.direction, options);
      records += options.liveLog.release();
      if (code !== 0) failed.add(mapping.name);
    }
  }
  return { failed: [...failed], records, ms: performance.now() - started };
}
