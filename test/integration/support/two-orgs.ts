/**
 * Two org emulators (A and B) behind one connector with an `orgs:` config, for the several-orgs
 * integration test (#21): each emulator over HTTPS with its own store, event bus and
 * certificate, the test's jsforce connections trusting both, and per org a count of the
 * records its integration user (the connector) wrote.
 */
import { writeFileSync } from 'node:fs';
import { globalAgent } from 'node:https';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { loadConfig, type Config } from '../../../connector/src/config/index.js';
import { startEmulator, type RunningEmulator } from '../../emulator/index.js';
import type { WordPressTarget } from '../../wordpress/target.js';
import { connectAs } from './emulated-org.js';

export interface TestOrg {
  name: string;
  emulator: RunningEmulator;
  admin: Connection;
  /** The connector's writes (its integration user's), as `Object:Id` → count. */
  connectorWrites: Map<string, number>;
}

async function startOrg(name: string, idsFrom?: string): Promise<Omit<TestOrg, 'admin'>> {
  const emulator = await startEmulator({ https: true, dailyApiLimit: 1_000_000 });
  // Record ids of two real orgs never collide; the emulator's counters start equal.
  if (idsFrom !== undefined) emulator.org.ids.advancePast(idsFrom);
  const integrationUserId = emulator.org.user(emulator.credentials.integration.username).id;
  const connectorWrites = new Map<string, number>();
  emulator.org.store.onCommit((changes) => {
    for (const change of changes) {
      if (change.session.userId !== integrationUserId) continue;
      const key = `${change.objectName}:${String((change.after ?? change.before)?.Id)}`;
      connectorWrites.set(key, (connectorWrites.get(key) ?? 0) + 1);
    }
  });
  return { name, emulator, connectorWrites };
}

/** Orgs A and B; this process's HTTPS clients trust both emulators' certificates. */
export async function startTwoOrgs(): Promise<[TestOrg, TestOrg]> {
  const a = await startOrg('A');
  const b = await startOrg('B', '0035g0000100000');
  globalAgent.options.ca = [a, b].map((org) => org.emulator.httpsCertificatePem ?? '');
  return [
    { ...a, admin: await connectAs(a.emulator, 'admin') },
    { ...b, admin: await connectAs(b.emulator, 'admin') },
  ];
}

/** The admin's connection anew (after its tokens were revoked). */
export async function reconnectAdmin(org: TestOrg): Promise<void> {
  org.admin = await connectAs(org.emulator, 'admin');
}

function orgEntry(org: TestOrg, auth: string[]): string[] {
  const { emulator } = org;
  return [
    `  - name: ${org.name}`,
    `    loginUrl: ${emulator.loginUrl}`,
    `    pubSubEndpoint: ${emulator.pubSub?.endpoint ?? ''}`,
    '    verifyTls: false',
    '    auth:',
    ...auth.map((line) => `      ${line}`),
  ];
}

/**
 * The connector's config for both orgs: A signs in with a refresh token (so revoking A's tokens
 * leaves it nothing to sign in with), B with JWT bearer. Secrets are read from files in
 * `stateDir`; WordPress settings come from the environment, as the other suites pass them.
 */
export function twoOrgsConfig(
  a: TestOrg,
  b: TestOrg,
  wordpress: WordPressTarget,
  stateDir: string,
  sharedSecret: string,
): Config {
  const secretFile = (name: string, value: string): string => {
    const path = join(stateDir, name);
    writeFileSync(path, value, { mode: 0o600 });
    return path;
  };
  const integrationA = a.emulator.org.user(a.emulator.credentials.integration.username);
  const refreshToken = a.emulator.tokens.issueRefreshToken(a.emulator.org.sessionOf(integrationA));
  const lines = [
    'orgs:',
    ...orgEntry(a, [
      'method: refresh-token',
      `clientId: ${a.emulator.credentials.clientId}`,
      `clientSecret: { file: ${secretFile('a-client-secret', a.emulator.credentials.clientSecret)} }`,
      `refreshToken: { file: ${secretFile('a-refresh-token', refreshToken)} }`,
    ]),
    ...orgEntry(b, [
      'method: jwt',
      `clientId: ${b.emulator.credentials.clientId}`,
      `username: ${b.emulator.credentials.integration.username}`,
      `privateKey: { file: ${secretFile('b-jwt-key.pem', b.emulator.credentials.jwtPrivateKeyPem ?? '')} }`,
    ]),
  ];
  const file = join(stateDir, 'sfwp.config.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return loadConfig({
    cwd: stateDir,
    file,
    env: {
      WP_URL: wordpress.url,
      WP_USERNAME: wordpress.username,
      WP_APP_PASSWORD: wordpress.applicationPassword,
      WP_SHARED_SECRET: sharedSecret,
      SFWP_FEED_POLL_SECONDS: '1',
      SFWP_STORE_PATH: join(stateDir, 'state.sqlite'),
    },
  });
}

/** The connector's writes to one record of the org so far. */
export function writesTo(org: TestOrg, object: string, id: string): number {
  return org.connectorWrites.get(`${object}:${id}`) ?? 0;
}
