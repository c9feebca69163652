import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { seedSampleData } from '../sample-data.js';

const directories: string[] = [];
function dataDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'sfwp-org-data-'));
  directories.push(directory);
  return directory;
}
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function org(directory: string): Promise<RunningEmulator> {
  return startEmulator({ dataDir: directory, pubSub: false });
}

function lastNames(emulator: RunningEmulator): string[] {
  return emulator.org
    .query('SELECT LastName FROM Contact ORDER BY LastName')
    .records.map((row) => String(row.LastName));
}

describe('the org emulator with a data directory', () => {
  it('keeps committed records, the recycle bin and id order across a restart', async () => {
    const directory = dataDir();
    const first = await org(directory);
    expect(first.org.restoredRecords).toBe(0);
    const seeded = seedSampleData(first.org, first.credentials.integration.username);
    const [ada, charles] = seeded.contacts;
    first.org.update('Contact', ada ?? '', { LastName: 'Byron' });
    first.org.delete('Contact', charles ?? '');
    const mappingRows = first.org.store.count('WP_Object_Mapping__mdt');
    await first.stop();

    const second = await org(directory);
    expect(second.org.restoredRecords).toBe(seeded.accounts.length + seeded.contacts.length);
    expect(lastNames(second)).toEqual(['Byron', 'Hopper']);
    expect(second.org.store.isInRecycleBin(charles ?? '')).toBe(true);
    // Custom metadata comes from the package again, not twice.
    expect(second.org.store.count('WP_Object_Mapping__mdt')).toBe(mappingRows);
    const fresh = second.org.insert('Contact', { LastName: 'Turing' });
    expect([...seeded.accounts, ...seeded.contacts]).not.toContain(fresh);
    second.org.undelete('Contact', charles ?? '');
    await second.stop();

    const third = await org(directory);
    expect(lastNames(third)).toEqual(['Babbage', 'Byron', 'Hopper', 'Turing']);
    await third.stop();
  });

  it('keeps what was committed when the process dies without stopping, and skips a torn line', async () => {
    const directory = dataDir();
    const first = await org(directory);
    first.org.insert('Contact', { LastName: 'Committed' });
    // No stop(): as after SIGKILL. A crash mid-write leaves half a line behind.
    appendFileSync(join(directory, 'org', 'records.jsonl'), '{"objectName":"Contact","id":"003');
    const second = await org(directory);
    expect(lastNames(second)).toEqual(['Committed']);
    await second.stop();
    await first.stop();
  });

  it('journals nothing of a rolled-back transaction', async () => {
    const directory = dataDir();
    const first = await org(directory);
    expect(() =>
      first.org.store.transaction(() => {
        first.org.insert('Contact', { LastName: 'RolledBack' });
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    await first.stop();
    const second = await org(directory);
    expect(lastNames(second)).toEqual([]);
    await second.stop();
  });

  it('remembers across a restart which contacts went with a deleted account', async () => {
    const directory = dataDir();
    const first = await org(directory);
    const accountId = first.org.insert('Account', { Name: 'Parent' });
    first.org.insert('Contact', { LastName: 'Child', AccountId: accountId });
    first.org.delete('Account', accountId);
    expect(lastNames(first)).toEqual([]);
    await first.stop();
    const second = await org(directory);
    second.org.undelete('Account', accountId);
    expect(lastNames(second)).toEqual(['Child']);
    await second.stop();
  });
});
