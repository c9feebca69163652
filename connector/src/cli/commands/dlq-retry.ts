import type { Command } from '../command.js';
import { COMMON_HELP, COMMON_OPTIONS } from '../command.js';
import { findDeadLetter, parseDeadLetterId, withStateStore } from '../dlq/open-store.js';
import { RETRY_REQUESTS_CHECKPOINT, requestRetry } from '../../store/retry-requests.js';
import { CliError, UsageError } from '../errors/index.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parseCommandLine } from '../parse.js';

const help = `Usage: sfwp dlq retry <id>
       sfwp dlq retry --all [--mapping NAME]

Queues dead letters for another attempt: marks them retried and adds their ids to the
'${RETRY_REQUESTS_CHECKPOINT}' checkpoint in the state database. The running connector picks
the requests up and applies the entries again; one that fails again comes back as a new open
dead letter. Only open entries can be retried.

Options:
      --all           Every open dead letter
      --mapping NAME  With --all: only this mapping's
${COMMON_HELP}`;

export const dlqRetryCommand: Command = {
  name: 'dlq retry',
  summary: 'Queue dead letters for another attempt',
  help,
  run(args, { io }) {
    const { values, positionals } = parseCommandLine(
      args,
      { ...COMMON_OPTIONS, all: { type: 'boolean' }, mapping: { type: 'string' } },
      help,
      { max: 1 },
    );
    const all = values.all === true;
    if (all === (positionals.length === 1)) {
      throw new UsageError('give either one dead-letter id or --all', help);
    }
    if (!all && values.mapping !== undefined) {
      throw new UsageError('--mapping goes with --all', help);
    }
    const id = all ? undefined : parseDeadLetterId(positionals[0] ?? '');
    const config = loadCliConfig(values, io);
    const ids = withStateStore(config, io.cwd, (store) => {
      let chosen: number[];
      if (id === undefined) {
        chosen = store
          .listDeadLetters({
            status: 'open',
            ...(values.mapping === undefined ? {} : { mapping: values.mapping }),
            limit: Number.MAX_SAFE_INTEGER,
          })
          .map((entry) => entry.id);
      } else {
        const entry = findDeadLetter(store, id);
        if (entry.status !== 'open') {
          throw new CliError(
            `Dead letter ${String(id)} is ${entry.status}, not open; only open entries can be retried.`,
          );
        }
        chosen = [id];
      }
      if (chosen.length > 0) requestRetry(store, chosen);
      return chosen;
    });
    io.stdout.write(
      ids.length === 0
        ? 'No open dead letters to retry.\n'
        : `Queued ${String(ids.length)} dead letter${ids.length === 1 ? '' : 's'} for retry (${ids.join(', ')}); ` +
            'the running connector applies them again.\n',
    );
    return Promise.resolve(EXIT_CODES.ok);
  },
};
