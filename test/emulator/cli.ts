/**
 * `npm run emulator`: starts the org emulator with sample data and prints its URLs and
 * credentials. Options: --port N, --pubsub-port N, --data-dir DIR (records and events persist
 * there; a directory with records is not seeded again), --package-dir DIR,
 * --no-pubsub, --https (self-signed; its certificate is written to a file for
 * NODE_EXTRA_CA_CERTS). Ctrl-C stops it.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';
import { seedSampleData } from './sample-data.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'pubsub-port': { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    'package-dir': { type: 'string' },
    'no-pubsub': { type: 'boolean', default: false },
    https: { type: 'boolean', default: false },
  },
});

const emulator = await startEmulator({
  port: Number(values.port),
  pubSubPort: Number(values['pubsub-port']),
  pubSub: !values['no-pubsub'],
  https: values.https,
  ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
  ...(values['package-dir'] !== undefined ? { packageDir: values['package-dir'] } : {}),
});
// A data directory that already holds the org's records keeps them instead of seeding again.
const restored = emulator.org.restoredRecords;
const seeded =
  restored > 0
    ? undefined
    : seedSampleData(emulator.org, emulator.credentials.integration.username);
const { credentials } = emulator;
const login = (user: typeof credentials.admin) =>
  `${user.username}  password ${user.password}  security token ${user.securityToken}`;

console.log(`Salesforce org emulator
  instance / login URL  ${emulator.instanceUrl}
  token endpoint        ${emulator.tokenUrl}
  Pub/Sub endpoint      ${emulator.pubSub?.endpoint ?? '(not started)'}  (TLS, self-signed)
  org id                ${credentials.orgId}
  client id             ${credentials.clientId}
  client secret         ${credentials.clientSecret}
  callback URLs         ${credentials.callbackUrls.join(', ')}
  admin user            ${login(credentials.admin)}
  integration user      ${login(credentials.integration)}  (WP_Sync_Integration; JWT and client credentials)
  sample data           ${seeded ? `${seeded.accounts.length} Accounts, ${seeded.contacts.length} Contacts` : `none: ${restored} records restored from ${values['data-dir'] ?? ''}`}
  schema                ${emulator.org.schema.listObjects().length} objects from force-app
Press Ctrl-C to stop.`);
if (credentials.jwtPrivateKeyPem !== undefined) {
  console.log(`JWT bearer private key (integration user):\n${credentials.jwtPrivateKeyPem}`);
}
if (emulator.pubSub) console.log(`Pub/Sub server certificate:\n${emulator.pubSub.certificatePem}`);
const certificateFile = join(tmpdir(), `sfwp-emulator-${process.pid}.pem`);
if (emulator.httpsCertificatePem !== undefined) {
  const file = certificateFile;
  writeFileSync(file, emulator.httpsCertificatePem);
  console.log(`HTTPS certificate written to ${file}; trust it with NODE_EXTRA_CA_CERTS=${file}`);
}

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  rmSync(certificateFile, { force: true });
  emulator.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
