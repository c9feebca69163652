import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { certificateFileFor } from '../../../src/cli/init/jwt-key-pair.js';
import { openSalesforceSession, SalesforceAuthError } from '../../../src/salesforce/session.js';
import { startEmulator, type RunningEmulator } from '../../../../test/emulator/index.js';
import { temporaryDirectory } from '../fixtures.js';
import { sfwp } from '../run-sfwp.js';

const cwd = temporaryDirectory('init-jwt');
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function flags(loginUrl: string, keyFile: string, output: string): string[] {
  return [
    'init',
    '--non-interactive',
    '--login-url',
    loginUrl,
    '--client-id',
    '3MVG9EmulatorConsumerKey.sfwp',
    '--username',
    'integration@sfwp.emulator',
    '--private-key-file',
    keyFile,
    '--wp-url',
    'https://blog.example.org',
    '--wp-username',
    'sfwp',
    '--output',
    output,
  ];
}

const mode = (file: string): number => statSync(file).mode & 0o777;

describe('sfwp init makes the JWT key pair', () => {
  it('writes an RSA 2048 key with mode 0600 and prints its certificate and the Setup steps', async () => {
    const run = await sfwp(flags('production', 'keys/jwt.key', 'made.yaml'), { cwd });
    expect(run.code, run.stderr).toBe(0);
    const keyFile = join(cwd, 'keys/jwt.key');
    const certificateFile = join(cwd, 'keys/jwt.crt');
    expect(mode(keyFile)).toBe(0o600);
    expect(mode(join(cwd, 'keys'))).toBe(0o700);
    const key = createPrivateKey(readFileSync(keyFile));
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);

    const pem = readFileSync(certificateFile, 'utf8');
    expect(run.stdout).toContain(pem);
    const certificate = new X509Certificate(pem);
    expect(certificate.checkPrivateKey(key)).toBe(true);
    expect(certificate.subject).toBe('CN=sfwp connector');

    expect(run.stdout).not.toContain('PRIVATE KEY');
    expect(run.stdout).not.toContain(
      readFileSync(keyFile, 'utf8').split('\n')[1] ?? 'the key has a second line',
    );
    expect(run.stdout).toContain('External Client Apps Manager');
    expect(run.stdout).toContain('Edit Settings');
    expect(run.stdout).toContain('Enable JWT Bearer Flow');
    expect(run.stdout).toContain(`Upload Files → choose ${certificateFile}`);
    expect(run.stdout).toContain('Enable Client Credentials Flow');
    expect(run.stdout).toContain(`Wrote ${join(cwd, 'made.yaml')}`);

    const config = loadConfig({ file: join(cwd, 'made.yaml'), env: { WP_APP_PASSWORD: 'w' } });
    if (config.salesforce.auth.method !== 'jwt') throw new Error('narrowing');
    expect(config.salesforce.auth.privateKey.reveal().trim()).toBe(
      readFileSync(keyFile, 'utf8').trim(),
    );
  });

  it('keeps an existing key file without --force, and replaces it (mode 0600) with it', async () => {
    const keyFile = join(cwd, 'existing.pem');
    writeFileSync(keyFile, 'not touched\n', { mode: 0o644 });
    chmodSync(keyFile, 0o644);
    const kept = await sfwp(flags('production', 'existing.pem', 'kept.yaml'), { cwd });
    expect(kept.code, kept.stderr).toBe(0);
    expect(readFileSync(keyFile, 'utf8')).toBe('not touched\n');
    expect(existsSync(join(cwd, 'existing.crt'))).toBe(false);
    expect(kept.stdout).toContain(`Kept the existing key ${keyFile}`);
    expect(kept.stdout).not.toContain('BEGIN CERTIFICATE');

    const replaced = await sfwp([...flags('production', 'existing.pem', 'kept.yaml'), '--force'], {
      cwd,
    });
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(readFileSync(keyFile, 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');
    expect(mode(keyFile)).toBe(0o600);
    const certificate = new X509Certificate(readFileSync(join(cwd, 'existing.crt')));
    expect(certificate.checkPrivateKey(createPrivateKey(readFileSync(keyFile)))).toBe(true);
  });

  it('names the certificate after the key', () => {
    expect(certificateFileFor('/etc/sfwp/jwt.key')).toBe('/etc/sfwp/jwt.crt');
    expect(certificateFileFor('/etc/sfwp/server.PEM')).toBe('/etc/sfwp/server.crt');
    expect(certificateFileFor('/etc/sfwp/signing')).toBe('/etc/sfwp/signing.crt');
  });
});

describe('the generated key signs in with JWT bearer against the org emulator', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  it('logs in as the integration user once the certificate is registered, and not with another key', async () => {
    const placeholder = 'http://127.0.0.1:1';
    const made = await sfwp(flags(placeholder, 'emulator/jwt.key', 'emulator.yaml'), { cwd });
    expect(made.code, made.stderr).toBe(0);
    const certificatePem = readFileSync(join(cwd, 'emulator/jwt.crt'), 'utf8');
    emulator = await startEmulator({ pubSub: false, jwtCertificatePem: certificatePem });
    const settings = (): ReturnType<typeof loadConfig>['salesforce'] =>
      loadConfig({
        file: join(cwd, 'emulator.yaml'),
        env: { WP_APP_PASSWORD: 'w', SF_LOGIN_URL: emulator?.loginUrl ?? '' },
      }).salesforce;

    const session = await openSalesforceSession(settings());
    expect(session.organizationId).toBe(emulator.credentials.orgId);
    const result = await session.connection.query('SELECT Id FROM Contact LIMIT 1');
    expect(result.done).toBe(true);

    // A new key pair whose certificate Salesforce does not hold is refused.
    const remade = await sfwp(
      [...flags(placeholder, 'emulator/jwt.key', 'emulator.yaml'), '--force'],
      { cwd },
    );
    expect(remade.code, remade.stderr).toBe(0);
    await expect(openSalesforceSession(settings())).rejects.toThrow(SalesforceAuthError);
  });
});
