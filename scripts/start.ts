/**
 * `npm start`. Today: brings up the local stack's real WordPress (or uses the one named by
 * WP_URL, WP_USERNAME and WP_APP_PASSWORD), checks it through the connector's WordPress
 * client, reports what it can do, and keeps it running until Ctrl-C. The sync itself joins
 * here as the connector lands (see README and docs/ARCHITECTURE.md).
 */
import { WpapiWordPressClient } from '../connector/src/wordpress/index.js';
import { startLocalWordPress, type LocalWordPress } from '../test/wordpress/launcher.js';
import { wordPressTargetFromEnv, type WordPressTarget } from '../test/wordpress/target.js';

async function main(): Promise<void> {
  let local: LocalWordPress | undefined;
  let target: WordPressTarget | undefined = wordPressTargetFromEnv(process.env);
  if (target) {
    console.log(`Using the WordPress at ${target.url} (WP_URL).`);
  } else {
    console.log('No WP_URL set: starting the local WordPress (Debian packages, private MariaDB)…');
    local = await startLocalWordPress({
      dataDir: '.wordpress/local',
      log: (line) => {
        console.log(line);
      },
    });
    target = local;
  }

  const client = new WpapiWordPressClient({
    siteUrl: target.url,
    username: target.username,
    applicationPassword: target.applicationPassword,
  });
  const me = await client.currentUser();
  const organizations = await client.list('organization', { perPage: 1 }).then(
    (page) => `${page.total} organization posts`,
    (error: unknown) => `organization post type not registered (${(error as Error).message})`,
  );
  console.log(`
  WordPress:     ${target.url}
  Admin:         ${target.url}/wp-admin/${local ? `  (user ${local.username}, password ${local.adminPassword})` : ''}
  Connector as:  ${me.username ?? me.name} (id ${me.id}, roles ${(me.roles ?? []).join(', ')})
  Content:       ${organizations}

  The Salesforce side (org emulator, connector sync) is not wired into npm start yet;
  see README.md for what works today. Ctrl-C stops everything started here.`);

  const keepAlive = setInterval(() => undefined, 60_000);
  const stop = (): void => {
    clearInterval(keepAlive);
    console.log('\nStopping…');
    void (local?.stop() ?? Promise.resolve()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
