import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthCommands, type AuthOperations } from '../../src/cli/commands/auth.js';
import { createSyncCommand, type FullSync } from '../../src/cli/commands/sync.js';
import { capturedLogger } from '../server/log-capture.js';
import { environment, temporaryDirectory } from './fixtures.js';
import { sfwp } from './run-sfwp.js';

const cwd = temporaryDirectory('auth-sync');
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});
const logger = (): ReturnType<typeof capturedLogger>['logger'] => capturedLogger().logger;

const identity = {
  instanceUrl: 'https://acme.my.salesforce.com',
  organizationId: '00D000000000001',
  userId: '005000000000001',
  username: 'integration@example.org',
};

describe('sfwp auth (not registered until the Salesforce side provides it)', () => {
  const operations: AuthOperations = {
    login: (_config, options) => {
      options.print('Open https://login.example/authorize?…');
      return Promise.resolve({ ...identity, storedIn: 'file /etc/sfwp/refresh-token' });
    },
    test: () => Promise.resolve(identity),
  };
  const commands = createAuthCommands(() => Promise.resolve(operations), logger);

  it('auth test prints who the configured login is', async () => {
    const run = await sfwp(['auth', 'test'], { cwd, env: environment(), commands });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      'Salesforce login works (client-credentials): integration@example.org in org 00D000000000001 (https://acme.my.salesforce.com).\n',
    );
  });

  it('auth login passes the port and prints where the token went', async () => {
    const run = await sfwp(['auth', 'login', '--port', '1717'], {
      cwd,
      env: environment(),
      commands,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Open https://login.example/authorize');
    expect(run.stdout).toContain('Refresh token stored in file /etc/sfwp/refresh-token');
    const bad = await sfwp(['auth', 'login', '--port', 'x'], { cwd, env: environment(), commands });
    expect(bad.code).toBe(2);
  });

  it('auth test exits 1 with the reason when Salesforce refuses', async () => {
    const refusing = createAuthCommands(
      () =>
        Promise.resolve({
          ...operations,
          test: () => Promise.reject(new Error('invalid_client: check salesforce.auth.clientId')),
        }),
      logger,
    );
    const run = await sfwp(['auth', 'test'], { cwd, env: environment(), commands: refusing });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sfwp: invalid_client: check salesforce.auth.clientId');
  });
});

describe('sfwp sync (not registered until the sync side provides it)', () => {
  it('runs a full sync of one mapping and summarises it', async () => {
    let received: Parameters<FullSync>[1] | undefined;
    const fullSync: FullSync = (_config, options) => {
      received = options;
      options.progress(0, 1000);
      options.progress(1000, 1000);
      return Promise.resolve({ created: 900, updated: 0, linked: 50, unchanged: 50, failed: 0 });
    };
    const command = createSyncCommand(() => Promise.resolve(fullSync), logger);
    const run = await sfwp(['sync', '--full', '--mapping', 'Contact_User'], {
      cwd,
      env: environment(),
      commands: [command],
    });
    expect(run.code, run.stderr).toBe(0);
    expect(received).toMatchObject({ mapping: 'Contact_User', dryRun: false });
    expect(run.stdout).toBe('created 900, updated 0, linked 50, unchanged 50, failed 0.\n');
    expect(run.stderr).toContain('1000 / 1000 records');
  });

  it('says a dry run would have, and exits 1 when records failed', async () => {
    const command = createSyncCommand(
      () =>
        Promise.resolve(() =>
          Promise.resolve({ created: 1, updated: 2, linked: 0, unchanged: 0, failed: 3 }),
        ),
      logger,
    );
    const run = await sfwp(['sync', '--full', '--mapping', 'M', '--dry-run'], {
      cwd,
      env: environment(),
      commands: [command],
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Dry run: would have created 1');
  });

  it('requires --full and --mapping', async () => {
    const command = createSyncCommand(() => Promise.reject(new Error('not reached')), logger);
    const options = { cwd, env: environment(), commands: [command] };
    expect((await sfwp(['sync', '--mapping', 'M'], options)).code).toBe(2);
    expect((await sfwp(['sync', '--full'], options)).code).toBe(2);
  });
});
