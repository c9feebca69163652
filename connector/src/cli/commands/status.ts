import type { Command } from '../command.js';
import { COMMON_HELP, COMMON_OPTIONS } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parseCommandLine } from '../parse.js';
import { CliError } from '../errors/index.js';
import { isHealthy } from '../../server/health.js';
import { DEFAULT_ORG } from '../../config/schema.js';
import { fetchStatus } from '../status/fetch-status.js';
import { formatStatus } from '../status/format-status.js';

const help = `Usage: sfwp status [--json] [--org NAME]

Asks the running connector (GET /healthz on server.host:server.port) how it is doing: state,
lag, in-flight events, replay positions, Salesforce API usage, open dead letters, mappings.
With several orgs it shows each org; --org NAME shows that org alone (and exits by its health).
The bearer token comes from server.token (SFWP_STATUS_TOKEN), else from the status-token file
the connector writes next to the state database.

Exit codes: 0 healthy (running or paused), 1 not healthy, 2 bad command line or config,
3 no connector answered or it refused the token.

Options:
      --json          Print the status as JSON
${COMMON_HELP}`;

export const statusCommand: Command = {
  name: 'status',
  summary: "Show the running connector's health, lag, replay position and DLQ count",
  help,
  async run(args, { io }) {
    const { values } = parseCommandLine(
      args,
      { ...COMMON_OPTIONS, json: { type: 'boolean' } },
      help,
    );
    const config = loadCliConfig(values, io, { allOrgs: true });
    const answer = await fetchStatus(config, io.cwd);
    const whole = answer.status;
    const status =
      values.org === undefined
        ? whole
        : (whole.orgs?.[values.org] ??
          ((whole.org ?? DEFAULT_ORG) === values.org ? whole : undefined));
    if (status === undefined) {
      throw new CliError(
        `The running connector does not serve an org named '${values.org ?? ''}'.`,
      );
    }
    io.stdout.write(
      values.json === true ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status),
    );
    const healthy = values.org === undefined ? answer.httpStatus === 200 : isHealthy(status.state);
    if (healthy) return EXIT_CODES.ok;
    io.stderr.write(
      `sfwp: the connector is not healthy (${status.state}${status.reason === undefined ? '' : `: ${status.reason}`}).\n`,
    );
    return EXIT_CODES.failure;
  },
};
