/**
 * The connector as its operator installs it: `npm pack` → `npm install` of the tarball into an
 * empty prefix (from the npm registry, better-sqlite3 compiled by its install script) → the
 * installed `sfwp` command, up to `sfwp start` against a local WordPress and org emulator.
 * Slow (minutes) because the install is real.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { packConnector } from '../../scripts/package/connector-pack.js';
import { startEmulator } from '../emulator/index.js';
import { connectorEnvironment } from '../integration/support/emulated-org.js';
import { startLocalWordPress } from '../wordpress/launcher.js';
import { findFreePort } from '../wordpress/php-server.js';
import { temporaryDirectories } from './temporary-directories.js';

const temporaryDirectory = temporaryDirectories();

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROOT_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const INSTALL_TIMEOUT_MS = 15 * 60_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let tarball = '';
let sfwpBin = '';

/** Runs the installed `sfwp` with an environment that holds nothing from this repository. */
function sfwp(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const result = spawnSync(sfwpBin, args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tarballFiles(): string[] {
  return execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
}

describe('the sfwp npm package', () => {
  beforeAll(() => {
    tarball = packConnector();
    const prefix = temporaryDirectory('sfwp-prefix-');
    execFileSync('npm', ['install', '--prefix', prefix, tarball, '--no-audit', '--no-fund'], {
      cwd: prefix,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    sfwpBin = join(prefix, 'node_modules', '.bin', 'sfwp');
  }, INSTALL_TIMEOUT_MS);

  it('packs dist/sfwp-<version>.tgz holding only the compiled connector and its README', () => {
    expect(tarball).toBe(join(ROOT, 'dist', `sfwp-${ROOT_VERSION}.tgz`));
    const files = tarballFiles();
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/dist/cli/main.js.map');
    expect(files).toContain('package/dist/store/migrations/0001_initial.sql');
    expect(files).toContain('package/README.md');
    expect(files).toContain('package/package.json');
    const outside = files.filter(
      (file) =>
        !file.startsWith('package/dist/') && !/^package\/(README\.md|package\.json)$/.test(file),
    );
    expect(outside).toEqual([]);
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
  });

  it('declares runtime dependencies only, each one the connector imports or needs at run time', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'connector', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies?: unknown;
      engines: unknown;
    };
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.engines).toEqual({ node: '>=20' });
    const names = Object.keys(manifest.dependencies);
    for (const devOnly of ['tsx', 'vitest', 'typescript', '@salesforce/cli']) {
      expect(names).not.toContain(devOnly);
    }
    const rootDependencies = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies;
    for (const name of names) expect(manifest.dependencies[name]).toBe(rootDependencies[name]);
  });

  it('installs a working `sfwp --help`', () => {
    expect(existsSync(sfwpBin)).toBe(true);
    const run = sfwp(['--help'], tmpdir());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: sfwp <command> [options]');
    expect(run.stdout).toContain('config check');
  });

  it('reports the repository version with `sfwp --version`', () => {
    const run = sfwp(['--version'], tmpdir());
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(`sfwp ${ROOT_VERSION}`);
  });

  it('writes a config with `sfwp init` that `sfwp config check` accepts, credentials redacted', () => {
    const site = temporaryDirectory('sfwp-site-');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(site, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    const init = sfwp(
      [
        'init',
        '--non-interactive',
        '--client-id',
        'PackagedClientId',
        '--username',
        'integration@example.com',
        '--private-key-file',
        './key.pem',
        '--wp-url',
        'http://127.0.0.1:8080',
        '--wp-username',
        'sfwp-connector',
      ],
      site,
    );
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain(`Wrote ${join(site, 'sfwp.config.yaml')}.`);
    expect(readFileSync(join(site, 'sfwp.config.yaml'), 'utf8')).toContain('PackagedClientId');

    const secret = 'app-password-never-printed';
    const check = sfwp(['config', 'check'], site, { WP_APP_PASSWORD: secret });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('# Configuration is valid.');
    expect(check.stdout).toContain('clientId: PackagedClientId');
    expect(check.stdout).toContain('url: http://127.0.0.1:8080');
    expect(check.stdout).toContain('[redacted] (from env WP_APP_PASSWORD)');
    expect(check.stdout).not.toContain(secret);
  }, 60_000);

  it('refuses a config whose secret is missing, naming it', () => {
    const site = temporaryDirectory('sfwp-site-');
    const init = sfwp(
      [
        'init',
        '--non-interactive',
        '--auth-method',
        'client-credentials',
        '--client-id',
        'PackagedClientId',
        '--wp-url',
        'http://127.0.0.1:8080',
        '--wp-username',
        'sfwp-connector',
      ],
      site,
    );
    expect(init.status).toBe(0);
    const check = sfwp(['config', 'check'], site);
    expect(check.status).toBe(2);
    expect(`${check.stdout}${check.stderr}`).toContain('WP_APP_PASSWORD');
  });

  it('runs `sfwp start` against a local WordPress and org emulator: healthy, then a clean stop', async () => {
    const site = temporaryDirectory('sfwp-site-');
    const wordpress = await startLocalWordPress();
    const emulator = await startEmulator({ https: true });
    try {
      const port = await findFreePort();
      const token = 'status-token-of-the-installed-connector';
      const child = spawn(sfwpBin, ['start'], {
        cwd: site,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: site,
          ...connectorEnvironment(emulator, wordpress, site, 'client-credentials'),
          SFWP_HTTP_HOST: '127.0.0.1',
          SFWP_HTTP_PORT: String(port),
          SFWP_STATUS_TOKEN: token,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = once(child, 'exit') as Promise<[number | null, string | null]>;

      let health: { status: number; body: { state?: string; version?: string } } | undefined;
      for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
        if (child.exitCode !== null) break;
        const response = await fetch(`http://127.0.0.1:${String(port)}/healthz`, {
          headers: { authorization: `Bearer ${token}` },
        }).catch(() => undefined);
        if (response?.status === 200) {
          health = { status: 200, body: (await response.json()) as { state?: string } };
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(health, output).toMatchObject({
        status: 200,
        body: { state: 'running', version: ROOT_VERSION },
      });
      expect(output).toContain('"msg":"connected to Salesforce"');
      expect(output).toContain('"msg":"connected to WordPress"');

      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code, output).toBe(0);
    } finally {
      await emulator.stop();
      await wordpress.stop();
    }
  }, 240_000);
});
