import type { Command } from '../command.js';
import { COMMON_HELP, COMMON_OPTIONS } from '../command.js';
import { formatDeadLetters } from '../dlq/format-dead-letters.js';
import { withStateStore } from '../dlq/open-store.js';
import { UsageError } from '../errors/index.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parseCommandLine } from '../parse.js';
import type { DeadLetterStatus } from '../../store/index.js';

const STATUSES: readonly DeadLetterStatus[] = ['open', 'retried', 'dropped'];

const help = `Usage: sfwp dlq list [--status open|retried|dropped] [--mapping NAME] [--json]

Lists dead letters: records that could not be synced, with the reason. Reads the state
database named by store.path; works whether or not the connector is running.

Options:
      --status S      Only entries in this status (default: all)
      --mapping NAME  Only entries of this mapping
      --json          One JSON array, payloads included
${COMMON_HELP}`;

export const dlqListCommand: Command = {
  name: 'dlq list',
  summary: 'List dead letters',
  help,
  run(args, { io }) {
    const { values } = parseCommandLine(
      args,
      {
        ...COMMON_OPTIONS,
        status: { type: 'string' },
        mapping: { type: 'string' },
        json: { type: 'boolean' },
      },
      help,
    );
    const status = values.status;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`, help);
    }
    const config = loadCliConfig(values, io);
    const entries = withStateStore(config, io.cwd, (store) =>
      store.listDeadLetters({
        ...(status === undefined ? {} : { status: status as DeadLetterStatus }),
        ...(values.mapping === undefined ? {} : { mapping: values.mapping }),
        limit: Number.MAX_SAFE_INTEGER,
      }),
    );
    io.stdout.write(
      values.json === true ? `${JSON.stringify(entries, null, 2)}\n` : formatDeadLetters(entries),
    );
    return Promise.resolve(EXIT_CODES.ok);
  },
};
