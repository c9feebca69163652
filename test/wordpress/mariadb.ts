import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { runCommand, startProcessGroup, type ProcessGroup } from './process-group.js';

export interface MariaDbInstance {
  readonly socket: string;
  /** Runs SQL as the instance's administrative account (unix socket authentication). */
  sql(statements: string, database?: string): Promise<string>;
  dump(database: string, file: string): Promise<void>;
  restore(database: string, file: string): Promise<void>;
  stop(): Promise<void>;
}

function currentUser(): string {
  return process.env.USER ?? (process.getuid?.() === 0 ? 'root' : 'mysql');
}

export function mariadbClientArgs(socket: string, extra: string[] = []): string[] {
  const user = process.getuid?.() === 0 ? 'root' : currentUser();
  return ['--no-defaults', `--socket=${socket}`, `--user=${user}`, ...extra];
}

/** Replays a dump written by {@link MariaDbInstance.dump}; usable from any process. */
export async function restoreDatabase(socket: string, dumpFile: string): Promise<void> {
  await runCommand('/usr/bin/mariadb', mariadbClientArgs(socket), {
    input: await readFile(dumpFile, 'utf8'),
  });
}

/**
 * A private MariaDB server: its own data directory, a unix socket, no TCP listener, and
 * durability settings tuned for throw-away test data.
 */
export async function startMariaDb(dataDir: string, socket: string): Promise<MariaDbInstance> {
  const isRoot = process.getuid?.() === 0;
  const userArgs = isRoot ? ['--user=root'] : [];
  if (!existsSync(join(dataDir, 'mysql'))) {
    await mkdir(dataDir, { recursive: true });
    await runCommand('/usr/bin/mariadb-install-db', [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=socket',
      '--skip-test-db',
      ...userArgs,
    ]);
  }
  await mkdir(join(dataDir, 'tmp'), { recursive: true });
  const logFile = join(dataDir, 'mariadbd.log');
  const launch = (): ProcessGroup =>
    startProcessGroup({
      name: 'mariadbd',
      command: '/usr/sbin/mariadbd',
      args: [
        '--no-defaults',
        ...userArgs,
        `--datadir=${dataDir}`,
        `--socket=${socket}`,
        `--pid-file=${join(dataDir, 'mariadbd.pid')}`,
        // Its own temporary directory: on-disk internal temporary tables of this server only.
        `--tmpdir=${join(dataDir, 'tmp')}`,
        '--skip-networking',
        '--skip-log-bin',
        '--innodb-flush-log-at-trx-commit=2',
        '--innodb-buffer-pool-size=128M',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
      ],
      logFile,
    });

  const client = (extra: string[]): string[] => mariadbClientArgs(socket, extra);
  let server = launch();
  await waitUntilAnswering(server, client, logFile);
  let stopping = false;
  // Debian's MariaDB 10.11 has crashed twice here (SIGSEGV in ha_maria::drop_table, an internal
  // temporary table). Say so with the server's own account of it, and start it again (InnoDB
  // recovers), so one crash costs the test that was running, not every later suite.
  const watch = (current: ProcessGroup): void => {
    void current.exited.then(async () => {
      if (stopping) return;
      const log = await readFile(logFile, 'utf8').catch(() => '');
      console.error(
        `[wordpress] mariadbd stopped unexpectedly; restarting it. Last lines of ${logFile}:\n` +
          log.split('\n').slice(-60).join('\n'),
      );
      server = launch();
      await waitUntilAnswering(server, client, logFile).catch((error: unknown) => {
        console.error(`[wordpress] mariadbd did not come back: ${String(error)}`);
      });
      watch(server);
    });
  };
  watch(server);

  return {
    socket,
    sql: (statements, database) =>
      runCommand('/usr/bin/mariadb', client(database ? [database] : []), { input: statements }),
    async dump(database, file) {
      const out = await runCommand(
        '/usr/bin/mariadb-dump',
        client(['--single-transaction', '--skip-comments', '--databases', database]),
      );
      await writeFile(file, `DROP DATABASE IF EXISTS \`${database}\`;\n${out}`);
    },
    restore: (_database, file) => restoreDatabase(socket, file),
    stop: () => {
      stopping = true;
      return server.stop(10_000);
    },
  };
}

async function waitUntilAnswering(
  server: ProcessGroup,
  client: (extra: string[]) => string[],
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  const state = { exited: false };
  void server.exited.then(() => (state.exited = true));
  for (;;) {
    if (state.exited) throw new Error(`mariadbd exited during start-up; see ${logFile}`);
    try {
      await runCommand('/usr/bin/mariadb-admin', client(['--connect-timeout=1', 'ping']));
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`mariadbd did not answer within 30 s: ${(error as Error).message}`, {
          cause: error,
        });
      }
      await delay(50);
    }
  }
}
