import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { environment, SECRETS, temporaryDirectory } from './fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// tsx's loader by absolute URL: the child runs in a temporary directory.
const tsx = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const cwd = temporaryDirectory('main');
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function runMain(args: string[], env: NodeJS.ProcessEnv = {}): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, ['--import', tsx, main, ...args], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
}

describe('connector/src/cli/main.ts', () => {
  it('runs as a process: exit codes and output streams', () => {
    const help = runMain(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: sfwp <command>');

    const unknown = runMain(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");

    const check = runMain(['config', 'check'], environment());
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('[redacted] (from env WP_APP_PASSWORD)');
    expect(`${String(check.stdout)}${String(check.stderr)}`).not.toContain(SECRETS.appPassword);
  }, 60_000);
});
