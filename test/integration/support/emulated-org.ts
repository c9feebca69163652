import { randomBytes } from 'node:crypto';
import { globalAgent } from 'node:https';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { startEmulator, type RunningEmulator } from '../../emulator/index.js';
import { findFreePort } from '../../wordpress/php-server.js';
import type { WordPressTarget } from '../../wordpress/target.js';

/**
 * The org emulator over HTTPS, as real instance URLs are (the Pub/Sub client accepts no other).
 * This test process's own jsforce connections trust its certificate; the connector under test is
 * told, loudly, not to verify it, as an operator would for a local emulator.
 */
export async function startTrustedEmulator(): Promise<RunningEmulator> {
  const emulator = await startEmulator({ https: true });
  globalAgent.options.ca = emulator.httpsCertificatePem;
  return emulator;
}

/**
 * An unmodified jsforce connection as the emulator's admin (whose changes publish sync events)
 * or its integration user (whose changes publish none).
 */
export async function connectAs(
  emulator: RunningEmulator,
  who: 'admin' | 'integration',
): Promise<Connection> {
  const connection = new Connection({
    oauth2: {
      loginUrl: emulator.loginUrl,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
    },
    version: '65.0',
  });
  if (who === 'integration') {
    await connection.authorize({ grant_type: 'client_credentials' });
  } else {
    const user = emulator.credentials.admin;
    await connection.login(user.username, user.password + user.securityToken);
  }
  return connection;
}

/** The environment the connector reads to work between the emulator and the test WordPress. */
export function connectorEnvironment(
  emulator: RunningEmulator,
  wordpress: WordPressTarget,
  stateDir: string,
  auth: 'jwt' | 'client-credentials',
): Record<string, string> {
  const credentials = emulator.credentials;
  return {
    SF_LOGIN_URL: emulator.loginUrl,
    SF_AUTH_METHOD: auth,
    SF_CLIENT_ID: credentials.clientId,
    ...(auth === 'jwt'
      ? {
          SF_USERNAME: credentials.integration.username,
          SF_PRIVATE_KEY: credentials.jwtPrivateKeyPem ?? '',
        }
      : { SF_CLIENT_SECRET: credentials.clientSecret }),
    SF_PUBSUB_ENDPOINT: emulator.pubSub?.endpoint ?? '',
    SF_VERIFY_TLS: 'false',
    WP_URL: wordpress.url,
    WP_USERNAME: wordpress.username,
    WP_APP_PASSWORD: wordpress.applicationPassword,
    // As operators are told to: the connector's own WordPress writes are signed, never read back.
    WP_SHARED_SECRET: randomBytes(32).toString('hex'),
    SFWP_FEED_POLL_SECONDS: '1',
    SFWP_STORE_PATH: join(stateDir, 'state.sqlite'),
  };
}

/**
 * The whole environment of a connector child process (`sfwp start`) between the emulator and
 * `wordpress`: this process's environment, the connector settings, and a status server on a
 * free loopback port logging at `info`.
 */
export async function childProcessEnvironment(
  emulator: RunningEmulator,
  wordpress: WordPressTarget,
  stateDir: string,
): Promise<NodeJS.ProcessEnv> {
  return {
    ...process.env,
    ...connectorEnvironment(emulator, wordpress, stateDir, 'client-credentials'),
    SFWP_HTTP_HOST: '127.0.0.1',
    SFWP_HTTP_PORT: String(await findFreePort()),
    SFWP_LOG_LEVEL: 'info',
  };
}
