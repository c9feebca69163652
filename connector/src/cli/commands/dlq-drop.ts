import type { Command } from '../command.js';
import { COMMON_HELP, COMMON_OPTIONS } from '../command.js';
import { findDeadLetter, parseDeadLetterId, withStateStore } from '../dlq/open-store.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parseCommandLine } from '../parse.js';

const help = `Usage: sfwp dlq drop <id>

Marks a dead letter dropped: it will not be retried and no longer counts as open. The entry
stays in the database for the record.

${COMMON_HELP}`;

export const dlqDropCommand: Command = {
  name: 'dlq drop',
  summary: 'Give up on a dead letter',
  help,
  run(args, { io }) {
    const { values, positionals } = parseCommandLine(args, COMMON_OPTIONS, help, {
      min: 1,
      max: 1,
    });
    const id = parseDeadLetterId(positionals[0] ?? '');
    const config = loadCliConfig(values, io);
    const message = withStateStore(config, io.cwd, (store) => {
      const entry = findDeadLetter(store, id);
      if (entry.status === 'dropped') return `Dead letter ${String(id)} was already dropped.`;
      store.setDeadLetterStatus(id, 'dropped');
      return `Dropped dead letter ${String(id)} (${entry.mapping} ${entry.operation}).`;
    });
    io.stdout.write(`${message}\n`);
    return Promise.resolve(EXIT_CODES.ok);
  },
};
