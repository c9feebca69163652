import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { temporaryDirectory } from './fixtures.js';
import { sfwp } from './run-sfwp.js';

const cwd = temporaryDirectory('init');
const keyFile = join(cwd, 'server.key');
writeFileSync(
  keyFile,
  '-----BEGIN PRIVATE KEY-----\nkey-material-8812\n-----END PRIVATE KEY-----\n',
);
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const jwtFlags = [
  '--non-interactive',
  '--login-url',
  'sandbox',
  '--auth-method',
  'jwt',
  '--client-id',
  '3MVG9-jwt',
  '--username',
  'integration@example.org',
  '--private-key-file',
  'server.key',
  '--wp-url',
  'https://blog.example.org',
  '--wp-username',
  'sfwp',
  '--wp-app-password-env',
  'BLOG_APP_PASSWORD',
];

describe('sfwp init', () => {
  it('writes a commented config from flags that loadConfig accepts', async () => {
    const run = await sfwp(['init', ...jwtFlags, '--output', 'jwt.yaml'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const file = join(cwd, 'jwt.yaml');
    expect(run.stdout).toContain(`Wrote ${file}`);
    expect(run.stdout).toContain('BLOG_APP_PASSWORD');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# sfwp connector configuration/);
    expect(text).toContain('# PEM private key');
    expect(text).not.toContain('key-material-8812');

    const config = loadConfig({ file, env: { BLOG_APP_PASSWORD: 'app-pw' } });
    expect(config.salesforce.loginUrl).toBe('https://test.salesforce.com');
    expect(config.salesforce.auth).toMatchObject({
      method: 'jwt',
      clientId: '3MVG9-jwt',
      username: 'integration@example.org',
    });
    if (config.salesforce.auth.method !== 'jwt') throw new Error('narrowing');
    expect(config.salesforce.auth.privateKey.source).toBe(`file ${keyFile}`);
    expect(config.salesforce.auth.privateKey.reveal()).toContain('key-material-8812');
    expect(config.wordpress.applicationPassword.source).toBe('env BLOG_APP_PASSWORD');
    expect(config.store.path).toBe('.sfwp/state.sqlite');
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 9465 });
  });

  it.each([
    ['client-credentials', ['--client-secret-env', 'APP_SECRET'], { APP_SECRET: 's' }],
    ['refresh-token', ['--refresh-token-file', 'refresh.txt'], {}],
    ['password', ['--username', 'u@example.org'], { SF_CLIENT_SECRET: 's', SF_PASSWORD: 'p' }],
  ] as const)('writes a loadable config for %s', async (method, extra, env) => {
    writeFileSync(join(cwd, 'refresh.txt'), 'refresh-value');
    const output = `${method}.yaml`;
    const run = await sfwp(
      [
        'init',
        '--non-interactive',
        '--auth-method',
        method,
        '--client-id',
        'cid',
        '--wp-url',
        'https://blog.example.org',
        '--wp-username',
        'sfwp',
        '--output',
        output,
        ...extra,
      ],
      { cwd },
    );
    expect(run.code, run.stderr).toBe(0);
    const config = loadConfig({ file: join(cwd, output), env: { ...env, WP_APP_PASSWORD: 'w' } });
    expect(config.salesforce.auth.method).toBe(method);
    expect(config.wordpress.applicationPassword.source).toBe('env WP_APP_PASSWORD');
  });

  it('refuses to overwrite without --force, and overwrites with it', async () => {
    const file = join(cwd, 'existing.yaml');
    writeFileSync(file, '# mine\n');
    const refused = await sfwp(['init', ...jwtFlags, '--output', 'existing.yaml'], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists; pass --force');
    expect(readFileSync(file, 'utf8')).toBe('# mine\n');

    const forced = await sfwp(['init', ...jwtFlags, '--output', 'existing.yaml', '--force'], {
      cwd,
    });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('clientId: "3MVG9-jwt"');
  });

  it('names every missing flag in non-interactive mode and writes nothing', async () => {
    const run = await sfwp(['init', '--non-interactive', '--output', 'missing.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--client-id');
    expect(run.stderr).toContain('--username');
    expect(run.stderr).toContain('--private-key-file');
    expect(run.stderr).toContain('--wp-url');
    expect(existsSync(join(cwd, 'missing.yaml'))).toBe(false);
  });

  it('refuses answers that would not validate, naming the setting', async () => {
    const flags = jwtFlags.map((flag) => (flag === 'https://blog.example.org' ? 'blog' : flag));
    const run = await sfwp(['init', ...flags, '--output', 'invalid.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('wordpress.url');
    expect(existsSync(join(cwd, 'invalid.yaml'))).toBe(false);
  });

  it('asks for what flags do not give, and never writes a credential value', async () => {
    const run = await sfwp(['init', '--output', 'asked.yaml'], {
      cwd,
      input: [
        '', // login URL: production
        'kerberos', // not a method: asked again
        'password',
        '3MVG9-asked',
        'integration@example.org',
        'not a variable name!', // a pasted secret is refused, asked again
        'MY_CLIENT_SECRET',
        'file:password.txt',
        'https://blog.example.org',
        'sfwp',
        '', // WP_APP_PASSWORD
        'data/state.sqlite',
      ],
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Please answer one of: jwt, client-credentials');
    expect(run.stdout).toContain('Give a variable name');
    const file = join(cwd, 'asked.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('not a variable name!');
    writeFileSync(join(cwd, 'password.txt'), 'pw+token');
    const config = loadConfig({
      file,
      env: { MY_CLIENT_SECRET: 'cs', WP_APP_PASSWORD: 'w' },
    });
    expect(config.salesforce.loginUrl).toBe('https://login.salesforce.com');
    expect(config.salesforce.auth).toMatchObject({
      method: 'password',
      clientId: '3MVG9-asked',
      username: 'integration@example.org',
    });
    if (config.salesforce.auth.method !== 'password') throw new Error('narrowing');
    expect(config.salesforce.auth.password.source).toBe(`file ${join(cwd, 'password.txt')}`);
    expect(config.salesforce.auth.clientSecret.source).toBe('env MY_CLIENT_SECRET');
    expect(config.store.path).toBe('data/state.sqlite');
  });

  it('writes nothing when the input ends before the last question', async () => {
    const run = await sfwp(['init', '--output', 'partial.yaml'], {
      cwd,
      input: ['production', 'jwt'],
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Input ended');
    expect(existsSync(join(cwd, 'partial.yaml'))).toBe(false);
  });
});
