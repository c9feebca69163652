import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';
const SUPERUSER = 'sfwp_admin';

/** A private PostgreSQL 15 server for one test run: its own data directory and TCP port. */
export interface PostgresInstance {
  readonly port: number;
  readonly password: string;
  readonly dataDir: string;
  /** A connection URL for `database` as the superuser; overrides make deliberately wrong ones. */
  url(database: string, overrides?: { password?: string; port?: number }): string;
  createDatabase(name: string): Promise<void>;
  /** Runs SQL through psql as the superuser; returns its unaligned, tuples-only output. */
  sql(statements: string, database?: string): Promise<string>;
  /** `pg_ctl restart -m fast`: every open connection is cut, the data stays. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

interface Account {
  uid: number;
  gid: number;
}

/** initdb refuses to run as root; Debian's `postgres` account owns the server then. */
function serverAccount(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const row = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!row) {
    throw new Error('Running as root needs the `postgres` account: apt-get install postgresql');
  }
  const [, , uid, gid] = row.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

async function run(
  command: string,
  args: string[],
  account: Account | undefined,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  const child = spawn(join(BIN, command), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C.UTF-8', ...env },
    ...(account ?? {}),
  });
  const output: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  const errors: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  const stdout = Buffer.concat(output).toString('utf8');
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${String(code)}:\n${Buffer.concat(errors).toString('utf8')}${stdout}`,
    );
  }
  return stdout;
}

/**
 * Starts Debian's PostgreSQL 15: `initdb` in a temporary directory (password authentication,
 * so wrong-password tests are real), `pg_ctl` on a free port of 127.0.0.1, durability traded
 * for speed (fsync off: the data is thrown away). {@link PostgresInstance.stop} removes it all.
 */
export async function startPostgres(): Promise<PostgresInstance> {
  const account = serverAccount();
  const dataDir = mkdtempSync(join(tmpdir(), 'sfwp-pg-'));
  if (account) chownSync(dataDir, account.uid, account.gid);
  const password = `pw-${crypto.randomUUID()}`;
  const passwordFile = join(dataDir, 'pwfile');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (account) chownSync(passwordFile, account.uid, account.gid);
  const pgData = join(dataDir, 'data');
  await run(
    'initdb',
    [
      `--pgdata=${pgData}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-sync',
    ],
    account,
  );
  const port = await freePort();
  const options = [
    `-p ${String(port)}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dataDir}'`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const logFile = join(dataDir, 'postgres.log');
  const pgCtl = (action: string, extra: string[] = []): Promise<string> =>
    run('pg_ctl', [action, '-D', pgData, '-w', '-t', '30', ...extra], account);
  await pgCtl('start', ['-l', logFile, '-o', options]);

  const url: PostgresInstance['url'] = (database, overrides = {}) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(overrides.password ?? password)}@127.0.0.1:${String(overrides.port ?? port)}/${database}`;
  const sql = (statements: string, database = 'postgres'): Promise<string> =>
    run(
      'psql',
      [
        '--no-psqlrc',
        '-X',
        '-q',
        '-A',
        '-t',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        statements,
        url(database),
      ],
      undefined,
    );
  let stopped = false;
  return {
    port,
    password,
    dataDir,
    url,
    sql,
    createDatabase: async (name) => {
      await sql(`CREATE DATABASE "${name}"`);
    },
    restart: async () => {
      await pgCtl('restart', ['-m', 'fast', '-l', logFile, '-o', options]);
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pgCtl('stop', ['-m', 'immediate']).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
