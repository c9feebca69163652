/**
 * scripts/package-version.sh cannot reach a Dev Hub here, so it runs against a stand-in `sf` (the
 * SF variable) that records its arguments; every flag it was given must be one the real sf CLI
 * lists in `sf package create --help` / `sf package version create --help`.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_DIR } from '../../scripts/package/plugin-zip.js';

const run = promisify(execFile);
const SCRIPT = 'scripts/package-version.sh';
const SF = join(REPOSITORY_DIR, 'node_modules/.bin/sf');
const PACKAGE_ID = '0Ho000000000001AAA';
const VERSION_ID = '04t000000000001AAA';

/** A stand-in sf: records each call as one JSON line and answers like the real one with --json. */
const STUB_SF = `#!/usr/bin/env bash
node -e 'console.log(JSON.stringify({ args: process.argv.slice(1), noAutoUpdate: process.env.SF_PROJECT_AUTOUPDATE_DISABLE_FOR_PACKAGE_CREATE ?? null }))' -- "$@" >>"$SF_STUB_LOG"
if [[ "$1 $2" == "package create" ]]; then
  echo '{"status":0,"result":{"Id":"${PACKAGE_ID}"}}'
elif [[ "$1 $2 $3" == "package version create" ]]; then
  echo '{"status":0,"result":{"Status":"Success","SubscriberPackageVersionId":"${VERSION_ID}"}}'
else
  echo '{"status":1,"message":"unexpected command"}'; exit 1
fi
`;

interface Call {
  args: string[];
  noAutoUpdate: string | null;
}

let workDir: string;
let projectDir: string;
let stubLog: string;

function runScript(args: string[]): { status: number | null; output: string } {
  const result = spawnSync('bash', [join(projectDir, SCRIPT), ...args], {
    cwd: projectDir,
    encoding: 'utf8',
    env: { ...process.env, SF: join(workDir, 'sf'), SF_STUB_LOG: stubLog },
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

async function calls(): Promise<Call[]> {
  const text = await readFile(stubLog, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Call);
}

/** The long and short flags of an argument list (`--wait`, `-v`), not their values. */
function flagsOf(args: string[]): string[] {
  return args.filter((arg) => /^--?[a-z][a-z-]*$/.test(arg));
}

async function helpOf(command: string[]): Promise<string> {
  const { stdout } = await run(SF, [...command, '--help'], {
    env: { ...process.env, SF_AUTOUPDATE_DISABLE: 'true', SF_DISABLE_TELEMETRY: 'true' },
  });
  return stdout;
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'sfwp-package-version-'));
  projectDir = join(workDir, 'project');
  stubLog = join(workDir, 'sf-calls.jsonl');
  await mkdir(join(projectDir, 'scripts'), { recursive: true });
  await cp(join(REPOSITORY_DIR, SCRIPT), join(projectDir, SCRIPT));
  await cp(join(REPOSITORY_DIR, 'sfdx-project.json'), join(projectDir, 'sfdx-project.json'));
  await cp(join(REPOSITORY_DIR, 'config'), join(projectDir, 'config'), { recursive: true });
  await writeFile(join(workDir, 'sf'), STUB_SF);
  await chmod(join(workDir, 'sf'), 0o755);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('scripts/package-version.sh', () => {
  it('is valid bash with set -euo pipefail and prints its usage', async () => {
    await run('bash', ['-n', join(REPOSITORY_DIR, SCRIPT)]);
    expect(await readFile(join(REPOSITORY_DIR, SCRIPT), 'utf8')).toContain('set -euo pipefail');
    const help = runScript(['--help']);
    expect(help.status).toBe(0);
    expect(help.output).toContain('Usage: scripts/package-version.sh');
    expect(runScript(['--bogus']).status).toBe(2);
  });

  it('refuses to build without an installation-key decision or with the placeholder alias', async () => {
    const noKey = runScript(['--skip-checks']);
    expect(noKey.status).toBe(2);
    expect(noKey.output).toContain('--no-key');

    const placeholder = runScript(['--no-key', '--skip-checks']);
    expect(placeholder.status).toBe(1);
    expect(placeholder.output).toContain('--create');
    expect(await calls()).toEqual([]);
  });

  it('creates the package, records its id as the alias and builds a version', async () => {
    const before = JSON.parse(await readFile(join(projectDir, 'sfdx-project.json'), 'utf8')) as {
      packageDirectories: unknown[];
    };

    const result = runScript(['--create', '--no-key', '--skip-checks', '-v', 'my-hub']);

    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain(`installPackage.apexp?p0=${VERSION_ID}`);
    const after = JSON.parse(await readFile(join(projectDir, 'sfdx-project.json'), 'utf8')) as {
      packageDirectories: unknown[];
      packageAliases: Record<string, string>;
    };
    expect(after.packageAliases.sfwp).toBe(PACKAGE_ID);
    expect(after.packageDirectories).toEqual(before.packageDirectories);

    const [create, version] = await calls();
    expect(create?.args.slice(0, 2)).toEqual(['package', 'create']);
    expect(create?.noAutoUpdate).toBe('true');
    expect(create?.args).toEqual(expect.arrayContaining(['--no-namespace', '--target-dev-hub']));
    expect(version?.args.slice(0, 3)).toEqual(['package', 'version', 'create']);
    expect(version?.args).toEqual(
      expect.arrayContaining(['--code-coverage', '--installation-key-bypass', 'my-hub']),
    );
  });

  it('gives sf only flags its own help lists', async () => {
    const recorded = await calls();
    expect(recorded).toHaveLength(2);
    const packageCreateHelp = await helpOf(['package', 'create']);
    const versionCreateHelp = await helpOf(['package', 'version', 'create']);
    const [create, version] = recorded;
    for (const flag of flagsOf(create?.args ?? [])) {
      expect(packageCreateHelp, flag).toMatch(new RegExp(`(^|[\\s,])${flag}[=\\s]`, 'm'));
    }
    for (const flag of flagsOf(version?.args ?? [])) {
      expect(versionCreateHelp, flag).toMatch(new RegExp(`(^|[\\s,])${flag}[=\\s]`, 'm'));
    }
    expect(flagsOf(version?.args ?? ['x']).length).toBeGreaterThan(4);
  }, 60_000);
});
