/**
 * `scripts/wordpress` for people: starts the local WordPress in the foreground and prints
 * how to reach it; Ctrl-C stops it and its whole process tree.
 *
 *   scripts/wordpress [--data-dir DIR] [--port N] [--fresh]
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startLocalWordPress } from './launcher.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.wordpress/local' },
    port: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'Usage: scripts/wordpress [--data-dir DIR] [--port N] [--fresh]\n' +
      'Starts a real local WordPress (Debian packages, private MariaDB, php -S) and keeps it\n' +
      'running until Ctrl-C. Data persists in --data-dir (default .wordpress/local);\n' +
      '--fresh deletes it first.',
  );
  process.exit(0);
}

const dataDir = values['data-dir'];
if (values.fresh) await rm(dataDir, { recursive: true, force: true });
const wordpress = await startLocalWordPress({
  dataDir,
  port: values.port === undefined ? undefined : Number(values.port),
  log: (line) => {
    console.log(line);
  },
});

console.log(`
  Site:                 ${wordpress.url}
  Admin:                ${wordpress.adminUrl}  (user ${wordpress.username}, password ${wordpress.adminPassword})
  REST API:             ${wordpress.url}/wp-json/
  Application password: ${wordpress.applicationPassword}

  Point tests or the connector at it with:
    export WP_URL=${wordpress.url} WP_USERNAME=${wordpress.username} WP_APP_PASSWORD=${wordpress.applicationPassword}

  Logs: ${wordpress.logFiles.php}
  Ctrl-C stops WordPress and MariaDB.`);

// The servers run detached and unreferenced; this keeps the foreground process alive.
const keepAlive = setInterval(() => undefined, 60_000);
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  clearInterval(keepAlive);
  console.log('\nStopping WordPress…');
  void wordpress.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
