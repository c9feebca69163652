import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startProcessGroup, type ProcessGroup } from './process-group.js';

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

export interface PhpServerOptions {
  siteDir: string;
  port: number;
  workers: number;
  logFile: string;
}

/**
 * `php -S` with forked workers and opcache. Workers are forked by the server and survive a
 * SIGTERM to it, hence the process group.
 */
export function startPhpServer(options: PhpServerOptions): ProcessGroup {
  return startProcessGroup({
    name: 'php -S',
    command: '/usr/bin/php',
    args: [
      '-d',
      'opcache.enable_cli=1',
      '-d',
      'opcache.revalidate_freq=0',
      '-d',
      'memory_limit=512M',
      '-S',
      `127.0.0.1:${options.port}`,
      '-t',
      options.siteDir,
      join(options.siteDir, 'router.php'),
    ],
    env: { ...process.env, PHP_CLI_SERVER_WORKERS: String(options.workers) },
    cwd: options.siteDir,
    logFile: options.logFile,
  });
}

/** Waits until WordPress answers its REST index, or the server dies, or time runs out. */
export async function waitForWordPress(
  url: string,
  server: ProcessGroup,
  timeoutMs: number,
): Promise<void> {
  const state = { exited: false };
  void server.exited.then(() => (state.exited = true));
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer';
  while (Date.now() < deadline) {
    if (state.exited) throw new Error(`php -S exited during start-up (${lastProblem})`);
    try {
      const response = await fetch(`${url}/wp-json/`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) {
        await response.arrayBuffer();
        return;
      }
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await delay(25);
  }
  throw new Error(`WordPress at ${url} did not answer within ${timeoutMs} ms (${lastProblem})`);
}
