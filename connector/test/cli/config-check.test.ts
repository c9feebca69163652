import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { environment, SECRETS, temporaryDirectory } from './fixtures.js';
import { sfwp } from './run-sfwp.js';

const cwd = temporaryDirectory('config-check');
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function expectNoSecrets(text: string): void {
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
}

describe('sfwp config check', () => {
  it('prints the effective config with every credential redacted, and exits 0', async () => {
    const run = await sfwp(['config', 'check'], {
      cwd,
      env: environment({ SFWP_STATUS_TOKEN: SECRETS.statusToken }),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Configuration is valid');
    expect(run.stdout).toContain('clientSecret: "[redacted] (from env SF_CLIENT_SECRET)"');
    expect(run.stdout).toContain('applicationPassword: "[redacted] (from env WP_APP_PASSWORD)"');
    expect(run.stdout).toContain('token: "[redacted] (from env SFWP_STATUS_TOKEN)"');
    expect(run.stdout).toContain('maxInFlightEvents: 400');
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('says where the status token will be when none is configured', async () => {
    const run = await sfwp(['config', 'check'], { cwd, env: environment() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`generates one at start in ${join(cwd, 'state', 'status-token')}`);
  });

  it('prints JSON with --json, still redacted', async () => {
    const run = await sfwp(['config', 'check', '--json'], { cwd, env: environment() });
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { wordpress: { applicationPassword: string } };
    expect(printed.wordpress.applicationPassword).toBe('[redacted] (from env WP_APP_PASSWORD)');
    expectNoSecrets(run.stdout);
  });

  it('lists every problem with its fix and exits 2, without printing secrets', async () => {
    const file = join(cwd, 'broken.yaml');
    writeFileSync(
      file,
      `salesforce:\n  auth:\n    method: client-credentials\n    clientSecret: ${SECRETS.clientSecret}\n` +
        'wordpress:\n  url: not-a-url\n  applicationPassword: { env: MISSING_VARIABLE }\n',
    );
    const run = await sfwp(['config', 'check', '--config', 'broken.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('salesforce.auth.clientId');
    expect(run.stderr).toContain('wordpress.url');
    expect(run.stderr).toContain('wordpress.username');
    expect(run.stdout).toBe('');
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('exits 2 when a referenced credential cannot be read', async () => {
    const run = await sfwp(['config', 'check'], {
      cwd,
      env: environment({ WP_APP_PASSWORD: undefined }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('wordpress');
  });

  it('exits 2 when the named file does not exist', async () => {
    const run = await sfwp(['config', 'check', '--config', 'nowhere.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nowhere.yaml does not exist');
    expect(run.stderr).toContain('sfwp init');
  });
});
