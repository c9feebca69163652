import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

const directory = mkdtempSync(join(tmpdir(), 'sfwp-orgs-config-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const wordpress = `
wordpress:
  url: https://blog.example.org
  username: sfwp
  applicationPassword: app-password
`;

function org(name: string, loginUrl: string, secretEnv: string): string {
  return `
  - name: ${name}
    loginUrl: ${loginUrl}
    auth:
      method: client-credentials
      clientId: 3MVG9-${name}
      clientSecret: { env: ${secretEnv} }`;
}

function load(text: string, env: Record<string, string> = {}): ReturnType<typeof loadConfig> {
  const file = join(directory, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return loadConfig({ file, env });
}

function problemsOf(run: () => unknown): { setting: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('several orgs in the configuration', () => {
  it('reads every org with its own credentials; salesforce is the first org', () => {
    const config = load(
      `orgs:${org('sales', 'https://sales.my.salesforce.com', 'SALES_SECRET')}${org('service', 'sandbox', 'SERVICE_SECRET')}\n${wordpress}`,
      { SALES_SECRET: 'sales-secret', SERVICE_SECRET: 'service-secret' },
    );
    expect(config.orgs.map((entry) => entry.name)).toEqual(['sales', 'service']);
    const [sales, service] = config.orgs;
    expect(service?.loginUrl).toBe('https://test.salesforce.com');
    expect(sales?.auth.method === 'client-credentials' && sales.auth.clientSecret.reveal()).toBe(
      'sales-secret',
    );
    expect(
      service?.auth.method === 'client-credentials' && service.auth.clientSecret.reveal(),
    ).toBe('service-secret');
    expect(config.salesforce).toEqual(sales);
  });

  it('makes a single-org file one org named default', () => {
    const config = load(
      `salesforce:\n  auth:\n    method: client-credentials\n    clientId: abc\n    clientSecret: shh\n${wordpress}`,
    );
    expect(config.orgs).toHaveLength(1);
    expect(config.orgs[0]?.name).toBe('default');
    expect(config.orgs[0]?.auth.clientId).toBe('abc');
  });

  it('refuses the same org configured twice, by name or by sign-in', () => {
    const env = { A: 'a', B: 'b' };
    const byName = problemsOf(() =>
      load(
        `orgs:${org('sales', 'production', 'A')}${org('Sales', 'sandbox', 'B')}\n${wordpress}`,
        env,
      ),
    );
    expect(byName.map((problem) => problem.setting)).toEqual(['orgs.1.name']);
    expect(byName[0]?.message).toContain("'Sales' is configured twice");
    const sameSignIn = `orgs:${org('sales', 'production', 'A')}${org('sales2', 'production', 'B').replace('3MVG9-sales2', '3MVG9-sales')}\n${wordpress}`;
    const twice = problemsOf(() => load(sameSignIn, env));
    expect(twice.map((problem) => problem.setting)).toEqual(['orgs.1']);
    expect(twice[0]?.message).toContain('the same org is configured twice');
  });

  it('refuses both forms at once, an empty list and a bad org name', () => {
    const both = `salesforce:\n  auth:\n    method: client-credentials\n    clientId: abc\n    clientSecret: shh\norgs:${org('a', 'production', 'A')}\n${wordpress}`;
    expect(problemsOf(() => load(both, { A: 'a' })).map((problem) => problem.message)).toEqual([
      'use salesforce (one org) or orgs (several), not both',
    ]);
    expect(problemsOf(() => load(`orgs: []\n${wordpress}`))[0]?.setting).toBe('orgs');
    const badName = problemsOf(() =>
      load(`orgs:${org('9 lives', 'production', 'A')}\n${wordpress}`, { A: 'a' }),
    );
    expect(badName[0]?.setting).toBe('orgs.0.name');
  });
});
