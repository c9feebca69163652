/**
 * `npm start`. With a connector configuration (`--config`, SFWP_CONFIG, ./sfwp.config.yaml, or
 * SF_LOGIN_URL / SF_AUTH_METHOD in the environment) it runs the connector against it, exactly
 * like `sfwp start`. Without one it runs the demo: the local WordPress (or WP_URL's), the org
 * emulator with sample data and the connector, then a live log of changes both ways until
 * Ctrl-C. See README.md ("Quick start") and scripts/start/.
 */
import { existsSync } from 'node:fs';
import { runDemo } from './start/demo.js';
import { decideMode } from './start/mode.js';
import { runReal } from './start/real.js';

const USAGE = `Usage: npm start [-- --keep] [-- --orgs 2] | [-- --config FILE]

With no configuration, runs the demo: a real local WordPress, the Salesforce org emulator with
sample Contacts and Accounts, and the connector between them; prints where everything is, runs the
initial sync, then shows a live log of changes. In a second terminal:

  npm run demo:change -- salesforce|wordpress [--create] [--email ADDRESS] [--last-name NAME]

Every start begins afresh: a new local WordPress (.wordpress/local), a new org (.sfwp/demo-org)
and new connector state (.sfwp/demo-state), so both sides begin in step. --keep keeps all three
from the last run, even one that crashed, and the sync resumes where it stopped. The previous
run's log is kept as .sfwp/demo.log.1. WP_URL, WP_USERNAME and WP_APP_PASSWORD use an existing
WordPress instead of the local one (never reset); SFWP_DEMO_DIR moves the demo's files (default
.sfwp). In a second terminal, \`npm run sfwp -- status\` (dlq list, sync …) finds the running
demo. With a configuration (--config FILE,
SFWP_CONFIG, ./sfwp.config.yaml, or SF_LOGIN_URL / SF_AUTH_METHOD in the environment) it runs the
connector against it, exactly like \`npm run sfwp -- start\`. Ctrl-C stops everything.

--orgs 2 adds a second org emulator ('service', no sample data) and runs one connector for both
orgs (orgs: in .sfwp/demo-orgs.yaml): the sample people reach the second org through WordPress,
and an edit in either org reaches WordPress and the other org. \`npm run sfwp -- status\` shows
both orgs.
`;

const DEMO_FLAGS = new Set(['--fresh', '--keep']);
const argv = process.argv.slice(2);
const mode = decideMode({ argv, env: process.env, cwd: process.cwd(), fileExists: existsSync });
let code: number;
if (mode.kind === 'real') {
  code = await runReal(argv, mode.reason);
} else if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(USAGE);
  code = 0;
} else if (demoArgumentProblem(argv) !== undefined) {
  process.stderr.write(`npm start: ${demoArgumentProblem(argv) ?? ''}\n\n${USAGE}`);
  code = 2;
} else {
  // Org, WordPress and connector state are kept (--keep) or started afresh together.
  code = await runDemo({
    env: process.env,
    cwd: process.cwd(),
    fresh: !argv.includes('--keep'),
    orgs: argv[argv.indexOf('--orgs') + 1] === '2' && argv.includes('--orgs') ? 2 : 1,
  });
}

/** What is wrong with the demo's arguments, if anything: `--orgs` takes 1 or 2. */
function demoArgumentProblem(args: string[]): string | undefined {
  for (const [index, arg] of args.entries()) {
    if (DEMO_FLAGS.has(arg)) continue;
    if (arg === '--orgs') {
      if (!['1', '2'].includes(args[index + 1] ?? '')) return '--orgs takes 1 or 2';
      continue;
    }
    if (args[index - 1] === '--orgs') continue;
    return `unknown argument ${arg}`;
  }
  return undefined;
}
// Exit explicitly: closed Pub/Sub clients can keep the event loop alive for a while.
process.exit(code);
