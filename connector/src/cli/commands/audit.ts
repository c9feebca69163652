import { pino, type Logger } from 'pino';
import type { AuditReport } from '../../audit/report.js';
import type { Preference } from '../../audit/repair-policy.js';
import type { Config } from '../../config/index.js';
import { createLogger } from '../../observability/logger.js';
import type { Command } from '../command.js';
import { COMMON_HELP, COMMON_OPTIONS } from '../command.js';
import { UsageError } from '../errors/index.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parseCommandLine } from '../parse.js';

/** The audit the connector side provides, and the text form of its report. */
export interface AuditRunner {
  run(
    config: Config,
    logger: Logger,
    options: { mapping?: string; repair?: boolean; prefer?: Preference },
  ): Promise<AuditReport>;
  format(report: AuditReport): string;
}

const help = `Usage: sfwp audit [--mapping NAME] [--repair] [--prefer salesforce|wordpress] [--json]

Compares every linked Salesforce record and WordPress object, field by field, with the same
rules the sync uses, and reports pairs checked, equal and differing (by field, with both
values), links whose other side is gone, and records and objects that share a match value but
are not linked. Reads only, unless --repair.

Exit codes: 0 both sides agree, 1 differences found (or the audit stopped early), 2 bad
command line or config.

Options:
      --mapping NAME  Audit one mapping (default: every active mapping)
      --repair        Bring differing pairs back in step through the sync (each repair logged);
                      refused while a connector service uses the same state store
      --prefer SIDE   With --repair: salesforce or wordpress wins, instead of the mapping's
                      conflict policy
      --json          Print the full report as JSON
${COMMON_HELP}`;

const PREFER: Record<string, Preference | undefined> = {
  salesforce: 'salesforce',
  wordpress: 'wordpress',
};

/** `sfwp audit`, wired to the audit engine (loaded only when the command runs). */
export function createAuditCommand(
  loadRunner: () => Promise<AuditRunner>,
  // Log lines go to stderr: stdout carries the report (and --json stays parseable).
  makeLogger: (level: string) => Logger = (level) =>
    createLogger({ level, destination: pino.destination(2) }),
): Command {
  return {
    name: 'audit',
    summary: 'Compare linked records on both sides; report (and --repair) drift',
    help,
    async run(args, { io, debug }) {
      const { values } = parseCommandLine(
        args,
        {
          ...COMMON_OPTIONS,
          mapping: { type: 'string' },
          repair: { type: 'boolean' },
          prefer: { type: 'string' },
          json: { type: 'boolean' },
        },
        help,
      );
      const prefer = values.prefer === undefined ? undefined : PREFER[values.prefer];
      if (values.prefer !== undefined && prefer === undefined)
        throw new UsageError('--prefer must be salesforce or wordpress', help);
      if (prefer !== undefined && values.repair !== true)
        throw new UsageError('--prefer only applies with --repair', help);
      const config = loadCliConfig(values, io);
      const runner = await loadRunner();
      const report = await runner.run(config, makeLogger(debug ? 'debug' : 'warn'), {
        ...(values.mapping === undefined ? {} : { mapping: values.mapping }),
        ...(values.repair === true ? { repair: true } : {}),
        ...(prefer === undefined ? {} : { prefer }),
      });
      io.stdout.write(
        `${values.json === true ? JSON.stringify(report, null, 2) : runner.format(report)}\n`,
      );
      const clean =
        report.totals.incomplete === 0 &&
        (values.repair === true
          ? report.mappings.every((audit) => audit.repairFailed === 0)
          : report.totals.pairsDiffering + report.totals.goneLinks === 0);
      return clean ? EXIT_CODES.ok : EXIT_CODES.failure;
    },
  };
}
