import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { RETRY_REQUESTS_CHECKPOINT, takeRetryRequests } from '../../src/store/retry-requests.js';
import type { DeadLetter } from '../../src/store/index.js';
import { SqliteStateStore } from '../../src/store/index.js';
import { environment, temporaryDirectory } from './fixtures.js';
import { sfwp } from './run-sfwp.js';

const root = temporaryDirectory('dlq');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let cwd: string;
let databasePath: string;
let run: (args: string[]) => ReturnType<typeof sfwp>;

function withStore<T>(work: (store: SqliteStateStore) => T): T {
  const store = new SqliteStateStore({ path: databasePath });
  try {
    return work(store);
  } finally {
    store.close();
  }
}

let counter = 0;
beforeEach(() => {
  counter += 1;
  cwd = join(root, `case-${String(counter)}`);
  databasePath = join(cwd, 'state', 'state.sqlite');
  run = (args) => sfwp(args, { cwd, env: environment() });
  withStore((store) => {
    store.addDeadLetter({
      mapping: 'Contact_User',
      direction: 'salesforce-to-wordpress',
      salesforceId: '003000000000001AAA',
      operation: 'CREATE',
      payload: { Email: 'not-an-email' },
      errorCode: 'rest_invalid_param',
      errorMessage: 'Invalid parameter(s): email',
    });
    store.addDeadLetter({
      mapping: 'Account_Organization',
      direction: 'salesforce-to-wordpress',
      salesforceId: '001000000000002AAA',
      wordpressId: 77,
      operation: 'UPDATE',
      payload: { Name: 'Acme' },
      errorCode: 'rest_forbidden',
      errorMessage: 'Sorry, you are not allowed to edit this post.',
    });
    store.addDeadLetter({
      mapping: 'Contact_User',
      direction: 'salesforce-to-wordpress',
      salesforceId: '003000000000003AAA',
      operation: 'UPDATE',
      payload: {},
      errorCode: 'rest_invalid_param',
      errorMessage: 'Invalid parameter(s): url',
    });
  });
});

describe('sfwp dlq list', () => {
  it('prints a table of dead letters', async () => {
    const result = await run(['dlq', 'list']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+MAPPING\s+OP\s+RECORD\s+TRIES\s+LAST FAILED\s+ERROR$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^1\s+open\s+Contact_User\s+CREATE\s+003000000000001AAA\s+1\s/);
    expect(lines[1]).toContain('rest_invalid_param: Invalid parameter(s): email');
    expect(lines[2]).toContain('001000000000002AAA wp:77');
  });

  it('filters by status and mapping', async () => {
    withStore((store) => {
      store.setDeadLetterStatus(3, 'dropped');
    });
    const open = await run(['dlq', 'list', '--status', 'open', '--mapping', 'Contact_User']);
    expect(open.stdout.trim().split('\n')).toHaveLength(2);
    expect(open.stdout).toContain('003000000000001AAA');
    const dropped = await run(['dlq', 'list', '--status', 'dropped']);
    expect(dropped.stdout).toContain('003000000000003AAA');
    expect(dropped.stdout).not.toContain('003000000000001AAA');
    const none = await run(['dlq', 'list', '--mapping', 'Lead_Post']);
    expect(none.stdout).toBe('No dead letters.\n');
  });

  it('prints JSON with payloads for --json', async () => {
    const result = await run(['dlq', 'list', '--json', '--mapping', 'Account_Organization']);
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as DeadLetter[];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: 2, wordpressId: 77, payload: { Name: 'Acme' } });
  });

  it('rejects an unknown status with exit 2', async () => {
    const result = await run(['dlq', 'list', '--status', 'lost']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--status must be one of open, retried, dropped');
  });

  it('says when there is no state database, without creating one', async () => {
    const result = await sfwp(['dlq', 'list'], {
      cwd,
      env: environment({ SFWP_STORE_PATH: 'elsewhere/state.sqlite' }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `No state database at ${join(cwd, 'elsewhere', 'state.sqlite')}`,
    );
    expect(existsSync(join(cwd, 'elsewhere'))).toBe(false);
  });
});

describe('sfwp dlq drop', () => {
  it('marks an entry dropped', async () => {
    const result = await run(['dlq', 'drop', '2']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Dropped dead letter 2 (Account_Organization UPDATE)');
    expect(withStore((store) => store.countDeadLetters('dropped'))).toBe(1);
    const again = await run(['dlq', 'drop', '2']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already dropped');
  });

  it('fails clearly for an unknown id (1) and a malformed one (2)', async () => {
    const unknown = await run(['dlq', 'drop', '99']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No dead letter with id 99');
    const malformed = await run(['dlq', 'drop', 'abc']);
    expect(malformed.code).toBe(2);
    const missing = await run(['dlq', 'drop']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: sfwp dlq drop');
  });
});

describe('sfwp dlq retry', () => {
  it('marks one entry retried and records the request for the running connector', async () => {
    const result = await run(['dlq', 'retry', '3']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Queued 1 dead letter for retry (3)');
    withStore((store) => {
      expect(store.getCheckpoint(RETRY_REQUESTS_CHECKPOINT)).toBe('[3]');
      expect(store.listDeadLetters({ status: 'retried' }).map((entry) => entry.id)).toEqual([3]);
    });
    await run(['dlq', 'retry', '1']);
    withStore((store) => {
      expect(JSON.parse(store.getCheckpoint('dlq:retry-requests') ?? '')).toEqual([3, 1]);
      expect(takeRetryRequests(store)).toEqual([3, 1]);
      expect(takeRetryRequests(store)).toEqual([]);
    });
  });

  it('retries every open entry, or a mapping’s, with --all', async () => {
    const some = await run(['dlq', 'retry', '--all', '--mapping', 'Contact_User']);
    expect(some.code).toBe(0);
    expect(some.stdout).toContain('Queued 2 dead letters for retry (1, 3)');
    const rest = await run(['dlq', 'retry', '--all']);
    expect(rest.stdout).toContain('Queued 1 dead letter for retry (2)');
    const none = await run(['dlq', 'retry', '--all']);
    expect(none.stdout).toBe('No open dead letters to retry.\n');
    withStore((store) => {
      expect(JSON.parse(store.getCheckpoint(RETRY_REQUESTS_CHECKPOINT) ?? '')).toEqual([1, 3, 2]);
      expect(store.countDeadLetters('open')).toBe(0);
    });
  });

  it('refuses entries that are not open, and wrong argument combinations', async () => {
    await run(['dlq', 'drop', '1']);
    const dropped = await run(['dlq', 'retry', '1']);
    expect(dropped.code).toBe(1);
    expect(dropped.stderr).toContain('Dead letter 1 is dropped, not open');
    withStore((store) => {
      expect(store.getCheckpoint(RETRY_REQUESTS_CHECKPOINT)).toBeUndefined();
    });
    expect((await run(['dlq', 'retry'])).code).toBe(2);
    expect((await run(['dlq', 'retry', '1', '--all'])).code).toBe(2);
    expect((await run(['dlq', 'retry', '1', '--mapping', 'Contact_User'])).code).toBe(2);
  });
});
