import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimSqliteStore, StateStoreInUseError } from '../../src/app/leadership/claim-store.js';
import { SqliteStateStore } from '../../src/store/index.js';

const directory = mkdtempSync(join(tmpdir(), 'sfwp-claim-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** A real second process that claims the SQLite state as the service, then waits. */
async function serviceProcess(path: string): Promise<ChildProcess> {
  const script = `
    import { SqliteStateStore } from './connector/src/store/index.js';
    import { claimSqliteStore } from './connector/src/app/leadership/claim-store.js';
    claimSqliteStore(new SqliteStateStore({ path: ${JSON.stringify(path)} }), 'state.sqlite');
    console.log('claimed');
    setInterval(() => undefined, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await once(child.stdout as NodeJS.ReadableStream, 'data');
  return child;
}

describe('a second connector service on one SQLite state', () => {
  it('refuses to start while the first runs, saying who and what to do, and writes nothing', async () => {
    const path = join(directory, 'shared.sqlite');
    const first = await serviceProcess(path);
    const store = new SqliteStateStore({ path });
    try {
      const before = store.getCheckpoint('service-process');
      let refusal: unknown;
      try {
        claimSqliteStore(store, path);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(StateStoreInUseError);
      expect((refusal as Error).message).toMatch(
        new RegExp(`pid ${String(first.pid)} .*is using the state database ${path}.*store\\.url`),
      );
      expect(store.getCheckpoint('service-process')).toBe(before);

      first.kill('SIGKILL');
      await once(first, 'exit');
      // A service killed without clearing its mark no longer holds the state.
      claimSqliteStore(store, path);
      expect(JSON.parse(store.getCheckpoint('service-process') ?? '{}')).toMatchObject({
        pid: process.pid,
      });
    } finally {
      first.kill('SIGKILL');
      store.close();
    }
  }, 30_000);
});
