import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { useSharedPostgres } from '../../../test/postgres/shared-postgres.js';
import { findFreePort } from '../../../test/wordpress/php-server.js';
import { PostgresStateStore } from '../../src/store/index.js';
import { RETRY_REQUESTS_CHECKPOINT } from '../../src/store/retry-requests.js';
import { environment, SECRETS, temporaryDirectory } from './fixtures.js';
import { sfwp } from './run-sfwp.js';

// Generous: PostgreSQL and a process per case beside other suites on a 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// tsx's loader by absolute URL: the child runs in a temporary directory.
const tsx = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const root = temporaryDirectory('postgres');
const shared = useSharedPostgres();
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function caseDirectory(): string {
  const cwd = join(root, crypto.randomUUID());
  mkdirSync(cwd);
  return cwd;
}

describe('sfwp dlq on a PostgreSQL store', () => {
  it('lists and retries the dead letters kept in PostgreSQL', async () => {
    const url = shared.instance.url(await shared.freshDatabase());
    const seeded = new PostgresStateStore({ url });
    try {
      seeded.addDeadLetter({
        mapping: 'Contact_User',
        direction: 'salesforce-to-wordpress',
        salesforceId: '003000000000001AAA',
        operation: 'CREATE',
        payload: { Email: 'not-an-email' },
        errorCode: 'rest_invalid_param',
        errorMessage: 'Invalid parameter(s): email',
      });
    } finally {
      seeded.close();
    }
    const cwd = caseDirectory();
    const env = environment({ SFWP_DATABASE_URL: url });
    const list = await sfwp(['dlq', 'list'], { cwd, env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('003000000000001AAA');
    expect(list.stdout).toContain('rest_invalid_param');
    const retry = await sfwp(['dlq', 'retry', '1'], { cwd, env });
    expect(retry.code, retry.stderr).toBe(0);
    const store = new PostgresStateStore({ url });
    try {
      expect(store.getCheckpoint(RETRY_REQUESTS_CHECKPOINT)).toBe('[1]');
      expect(store.countDeadLetters('open')).toBe(0);
    } finally {
      store.close();
    }
    // The SQLite file of store.path was neither read nor created.
    expect(existsSync(join(cwd, 'state', 'state.sqlite'))).toBe(false);
  });
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `sfwp start` as an operator runs it, in its own process. */
async function start(cwd: string, databaseUrl: string): Promise<Exit> {
  const env = {
    PATH: process.env.PATH,
    ...environment({ SFWP_DATABASE_URL: databaseUrl }),
    SFWP_HTTP_HOST: '127.0.0.1',
    SFWP_HTTP_PORT: String(await findFreePort()),
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tsx, main, 'start'],
      { cwd, env, timeout: 90_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe('sfwp start with a wrong PostgreSQL store', () => {
  it('stops at start with a clear reason, exit 1, for a wrong URL, password or database', async () => {
    const name = await shared.freshDatabase();
    const cases = [
      { url: shared.instance.url(name, { port: 1 }), reason: /ECONNREFUSED/ },
      {
        url: shared.instance.url(name, { password: 'wrong' }),
        reason: /password authentication failed for user "sfwp_admin"/,
      },
      {
        url: shared.instance.url('sfwp_missing'),
        reason: /database "sfwp_missing" does not exist/,
      },
    ];
    for (const { url, reason } of cases) {
      const cwd = caseDirectory();
      const result = await start(cwd, url);
      const output = result.stdout + result.stderr;
      expect(result.code, output).toBe(1);
      expect(output).toMatch(
        /Cannot use the PostgreSQL state store at postgres:\/\/sfwp_admin:\*\*\*@/,
      );
      expect(output).toMatch(reason);
      expect(output).not.toContain(shared.instance.password);
      expect(output).not.toContain(SECRETS.appPassword);
      expect(existsSync(join(cwd, 'state', 'state.sqlite'))).toBe(false);
    }
    // The right database was never touched: no tables, no lease.
    expect(
      await shared.instance.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", name),
    ).toBe('0\n');
  });

  it('refuses a database migrated by a newer sfwp, exit 1, writing nothing', async () => {
    const name = await shared.freshDatabase();
    new PostgresStateStore({ url: shared.instance.url(name) }).close();
    await shared.instance.sql(
      "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'now')",
      name,
    );
    const before = await shared.instance.sql(
      'SELECT (SELECT count(*) FROM schema_migrations), (SELECT count(*) FROM leases), (SELECT count(*) FROM checkpoints)',
      name,
    );
    const result = await start(caseDirectory(), shared.instance.url(name));
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(1);
    expect(output).toContain('written by a newer sfwp');
    expect(
      await shared.instance.sql(
        'SELECT (SELECT count(*) FROM schema_migrations), (SELECT count(*) FROM leases), (SELECT count(*) FROM checkpoints)',
        name,
      ),
    ).toBe(before);
  });
});
