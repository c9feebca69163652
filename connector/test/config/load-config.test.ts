import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, Secret } from '../../src/config/index.js';

const directory = mkdtempSync(join(tmpdir(), 'sfwp-config-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function writeConfig(name: string, text: string): string {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
}

const validYaml = `
salesforce:
  loginUrl: sandbox
  auth:
    method: jwt
    clientId: 3MVG9-connected-app
    username: integration@example.org
    privateKey: { file: ${join(directory, 'server.key')} }
wordpress:
  url: https://blog.example.org
  username: sfwp
  applicationPassword: { env: BLOG_APP_PASSWORD }
sync:
  recordConcurrency: 4
`;

function problemsOf(run: () => unknown): { setting: string; message: string; hint?: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads the file, fills defaults and reads credentials from env and files', () => {
    writeFileSync(
      join(directory, 'server.key'),
      '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n',
    );
    const file = writeConfig('valid.yaml', validYaml);
    const config = loadConfig({ file, env: { BLOG_APP_PASSWORD: 'abcd efgh' } });
    expect(config.salesforce.loginUrl).toBe('https://test.salesforce.com');
    expect(config.salesforce.apiVersion).toBe('65.0');
    expect(config.salesforce.verifyTls).toBe(true);
    expect(config.sync).toMatchObject({
      recordConcurrency: 4,
      maxInFlightEvents: 400,
      heartbeatSeconds: 60,
    });
    expect(config.store.path).toBe('.sfwp/state.sqlite');
    expect(config.salesforce.auth.method).toBe('jwt');
    if (config.salesforce.auth.method !== 'jwt') throw new Error('narrowing');
    expect(config.salesforce.auth.privateKey).toBeInstanceOf(Secret);
    expect(config.salesforce.auth.privateKey.reveal()).toContain('BEGIN PRIVATE KEY');
    expect(config.wordpress.applicationPassword.reveal()).toBe('abcd efgh');
  });

  it('never prints a credential', () => {
    const file = writeConfig('print.yaml', validYaml);
    const config = loadConfig({ file, env: { BLOG_APP_PASSWORD: 'hunter2-app-password' } });
    const printed = [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      String(config.wordpress.applicationPassword),
    ];
    for (const text of printed) {
      expect(text).not.toContain('hunter2-app-password');
      expect(text).not.toContain('BEGIN PRIVATE KEY');
    }
    expect(inspect(config.wordpress.applicationPassword)).toBe(
      'Secret([redacted] from env BLOG_APP_PASSWORD)',
    );
  });

  it('lets the environment override the file, referencing secrets rather than copying them', () => {
    const file = writeConfig('override.yaml', validYaml);
    const config = loadConfig({
      file,
      env: {
        BLOG_APP_PASSWORD: 'x',
        WP_URL: 'http://127.0.0.1:8080',
        WP_APP_PASSWORD: 'from-env',
        SFWP_HTTP_PORT: '9999',
      },
    });
    expect(config.wordpress.url).toBe('http://127.0.0.1:8080');
    expect(config.wordpress.applicationPassword.source).toBe('env WP_APP_PASSWORD');
    expect(config.wordpress.applicationPassword.reveal()).toBe('from-env');
    expect(config.server.port).toBe(9999);
  });

  it('works from the environment alone', () => {
    const config = loadConfig({
      cwd: directory,
      env: {
        SF_LOGIN_URL: 'https://acme.my.salesforce.com',
        SF_AUTH_METHOD: 'client-credentials',
        SF_CLIENT_ID: 'id',
        SF_CLIENT_SECRET: 'secret',
        WP_URL: 'https://blog.example.org',
        WP_USERNAME: 'sfwp',
        WP_APP_PASSWORD: 'pw',
      },
    });
    expect(config.salesforce.auth).toMatchObject({ method: 'client-credentials', clientId: 'id' });
  });

  it('names every missing or wrong setting and says how to fix it', () => {
    const file = writeConfig(
      'broken.yaml',
      `
salesforce:
  loginUrl: ftp://nope
  auth: { method: jwt, clientId: abc }
wordpress:
  url: not a url
  applicationPassword: { env: NOT_SET_ANYWHERE }
sync: { maxInFlightEvents: 5000 }
`,
    );
    const problems = problemsOf(() => loadConfig({ file, env: {} }));
    const bySetting = Object.fromEntries(problems.map((problem) => [problem.setting, problem]));
    expect(Object.keys(bySetting).sort()).toEqual([
      'salesforce.auth.privateKey',
      'salesforce.auth.username',
      'salesforce.loginUrl',
      'sync.maxInFlightEvents',
      'wordpress.url',
      'wordpress.username',
    ]);
    expect(bySetting['salesforce.auth.username']?.message).toBe('is required');
    expect(bySetting['salesforce.auth.username']?.hint).toContain('SF_USERNAME');
    expect(bySetting['salesforce.loginUrl']?.message).toContain('production, sandbox');
  });

  it('reports a secret whose variable or file is missing', () => {
    const file = writeConfig(
      'secret.yaml',
      validYaml.replace(join(directory, 'server.key'), join(directory, 'absent.key')),
    );
    const problems = problemsOf(() => loadConfig({ file, env: {} }));
    expect(problems.map((problem) => [problem.setting, problem.message])).toEqual([
      ['salesforce.auth.privateKey', `cannot read ${join(directory, 'absent.key')} (ENOENT)`],
      ['wordpress.applicationPassword', 'the environment variable BLOG_APP_PASSWORD is not set'],
    ]);
  });

  it('rejects an unknown auth method and unreadable YAML clearly', () => {
    const file = writeConfig('method.yaml', validYaml.replace('method: jwt', 'method: magic'));
    expect(problemsOf(() => loadConfig({ file, env: { BLOG_APP_PASSWORD: 'x' } }))).toEqual([
      expect.objectContaining({
        setting: 'salesforce.auth.method',
        message: 'method must be one of jwt, client-credentials, refresh-token, password',
      }),
    ]);
    const bad = writeConfig('bad.yaml', 'salesforce: [unclosed');
    expect(() => loadConfig({ file: bad, env: {} })).toThrow(/not valid YAML/);
    expect(() => loadConfig({ file: join(directory, 'none.yaml'), env: {} })).toThrow(
      /does not exist/,
    );
  });
});
