import { Presets, SingleBar } from 'cli-progress';
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import type { SyncDirection } from '../../mapping/types.js';
import { createLogger } from '../../observability/logger.js';
import type { Command } from '../command.js';
import { COMMON_HELP, COMMON_OPTIONS } from '../command.js';
import { UsageError } from '../errors/index.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parseCommandLine } from '../parse.js';

/** Counts a full sync reports at the end. */
export interface FullSyncSummary {
  created: number;
  updated: number;
  /** Existing WordPress objects linked by the match fields instead of duplicated. */
  linked: number;
  unchanged: number;
  failed: number;
}

/**
 * The backfill the sync side provides, either way: read everything, match existing records by
 * the match fields, write in batches, resumable. With `dryRun`, writes nothing and prints the
 * diff through `print`.
 */
export type FullSync = (
  config: Config,
  options: {
    logger: Logger;
    mapping: string;
    direction: SyncDirection;
    dryRun: boolean;
    print: (line: string) => void;
    progress: (done: number, total: number | undefined) => void;
  },
) => Promise<FullSyncSummary>;

const help = `Usage: sfwp sync --full --mapping NAME [--direction sf-to-wp|wp-to-sf] [--dry-run]

Backfills one mapping. sf-to-wp (the default): queries every Salesforce record, links WordPress
objects that already exist (by the mapping's match fields) instead of duplicating them, and
writes the rest in batches. wp-to-sf: reads every WordPress object of the mapping's type and
upserts it to Salesforce, 200 records a call, matching existing records by external id or the
match field. Resumable: run it again after an interruption.

Exit codes: 0 done, 1 some records failed (see sfwp dlq list), 2 bad command line or config.

Options:
      --full          Required: sync every record of the mapping
      --mapping NAME  The mapping (WP_Object_Mapping__mdt developer name)
      --direction D   sf-to-wp (default) or wp-to-sf
      --dry-run       Write nothing; print what would change
${COMMON_HELP}`;

const DIRECTIONS: Record<string, SyncDirection | undefined> = {
  'sf-to-wp': 'salesforce-to-wordpress',
  'wp-to-sf': 'wordpress-to-salesforce',
};

/** `sfwp sync --full`, wired to the sync side's backfill. */
export function createSyncCommand(
  loadFullSync: () => Promise<FullSync>,
  makeLogger: (level: string) => Logger = (level) => createLogger({ level }),
): Command {
  return {
    name: 'sync',
    summary: 'Backfill one mapping, either direction (--full)',
    help,
    async run(args, { io, debug }) {
      const { values } = parseCommandLine(
        args,
        {
          ...COMMON_OPTIONS,
          full: { type: 'boolean' },
          mapping: { type: 'string' },
          'dry-run': { type: 'boolean' },
          direction: { type: 'string' },
        },
        help,
      );
      if (values.full !== true) throw new UsageError('only --full is supported', help);
      if (values.mapping === undefined) throw new UsageError('--mapping is required', help);
      const direction = DIRECTIONS[values.direction ?? 'sf-to-wp'];
      if (direction === undefined)
        throw new UsageError('--direction must be sf-to-wp or wp-to-sf', help);
      const config = loadCliConfig(values, io);
      const fullSync = await loadFullSync();
      // A bar on a terminal; plain lines every 500 records when the output is a log or a pipe.
      const bar =
        (io.stderr as { isTTY?: boolean }).isTTY === true
          ? new SingleBar(
              { format: 'sync |{bar}| {value}/{total} records', stream: process.stderr },
              Presets.shades_classic,
            )
          : undefined;
      let reported = -1;
      const summary = await fullSync(config, {
        logger: makeLogger(debug ? 'debug' : config.log.level),
        mapping: values.mapping,
        direction,
        dryRun: values['dry-run'] === true,
        print: (line) => io.stdout.write(`${line}\n`),
        progress: (done, total) => {
          if (bar) {
            if (reported === -1) bar.start(total ?? done, 0);
            reported = done;
            bar.update(done);
            return;
          }
          const step = Math.floor(done / 500);
          if (step === reported && done !== total) return;
          reported = step;
          io.stderr.write(
            `${String(done)}${total === undefined ? '' : ` / ${String(total)}`} records\n`,
          );
        },
      });
      bar?.stop();
      io.stdout.write(
        `${values['dry-run'] === true ? 'Dry run: would have ' : ''}created ${String(summary.created)}, ` +
          `updated ${String(summary.updated)}, linked ${String(summary.linked)}, ` +
          `unchanged ${String(summary.unchanged)}, failed ${String(summary.failed)}.\n`,
      );
      return summary.failed > 0 ? EXIT_CODES.failure : EXIT_CODES.ok;
    },
  };
}
