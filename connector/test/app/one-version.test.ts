import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONNECTOR_VERSION } from '../../src/app/version.js';
import { sfwp } from '../cli/run-sfwp.js';

/** One version across the artifacts; package.json is its source (docs/OPERATIONS.md, "Versions"). */
const ROOT = new URL('../../../', import.meta.url);

function read(path: string): string {
  const file = new URL(path, ROOT);
  if (!existsSync(file)) throw new Error(`${path} is missing; it must carry the version`);
  return readFileSync(file, 'utf8');
}

function captured(path: string, pattern: RegExp, what: string): string {
  const match = pattern.exec(read(path));
  if (match?.[1] === undefined) throw new Error(`${path}: no ${what} found (${String(pattern)})`);
  return match[1];
}

const source = (JSON.parse(read('package.json')) as { version: string }).version;

/** Every place that states the version, read as a user of that artifact would see it. */
function statedVersions(): Record<string, string> {
  const sfdxProject = JSON.parse(read('sfdx-project.json')) as {
    packageDirectories: { versionNumber?: string }[];
  };
  const versionNumber = sfdxProject.packageDirectories[0]?.versionNumber;
  if (versionNumber === undefined) {
    throw new Error('sfdx-project.json: packageDirectories[0] has no versionNumber');
  }
  return {
    'connector/package.json': (JSON.parse(read('connector/package.json')) as { version: string })
      .version,
    CONNECTOR_VERSION,
    'sfwp.php header Version:': captured(
      'connector/wordpress-plugin/sfwp/sfwp.php',
      /^\s*\*\s*Version:\s*(\S+)\s*$/m,
      'plugin header Version',
    ),
    'SFWP_Plugin::VERSION (the status route)': captured(
      'connector/wordpress-plugin/sfwp/includes/class-sfwp-plugin.php',
      /const VERSION = '([^']+)';/,
      'VERSION constant',
    ),
    'readme.txt Stable tag:': captured(
      'connector/wordpress-plugin/sfwp/readme.txt',
      /^Stable tag:\s*(\S+)\s*$/m,
      'Stable tag',
    ),
    'readme.txt top changelog entry': captured(
      'connector/wordpress-plugin/sfwp/readme.txt',
      /== Changelog ==\s*= ([^ =]+) =/,
      'changelog entry',
    ),
    'CHANGELOG.md top entry': captured(
      'CHANGELOG.md',
      /^## \[?(\d+\.\d+\.\d+[^\]\s]*)\]?/m,
      'released entry (## x.y.z)',
    ),
    'sfdx-project.json versionNumber': versionNumber.replace(/\.(NEXT|\d+)$/, ''),
    'WPSyncVersion.CURRENT': captured(
      'force-app/main/default/classes/WPSyncVersion.cls',
      /String CURRENT = '([^']+)';/,
      'CURRENT constant',
    ),
  };
}

describe('one version across the artifacts', () => {
  it('package.json holds a semantic version', () => {
    expect(source).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  it('every artifact states the version of package.json', () => {
    const stated = statedVersions();
    const differing = Object.entries(stated).filter(([, version]) => version !== source);
    expect(differing, `package.json says ${source}`).toEqual([]);
    expect(Object.keys(stated)).toHaveLength(9);
  });

  it('sfdx-project.json versionNumber is the version with a build number (NEXT)', () => {
    const project = JSON.parse(read('sfdx-project.json')) as {
      packageDirectories: { versionNumber?: string }[];
    };
    expect(project.packageDirectories[0]?.versionNumber).toBe(`${source}.NEXT`);
  });

  it('sfwp --version prints it', async () => {
    const run = await sfwp(['--version'], { cwd: process.cwd() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(`sfwp ${source}`);
  });

  it('CHANGELOG.md follows Keep a Changelog with the newest release first', () => {
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(/^# Changelog\n/);
    expect(changelog).toContain('https://keepachangelog.com/');
    const releases = [...changelog.matchAll(/^## \[?(\d+\.\d+\.\d+)\]? - (\d{4}-\d{2}-\d{2})$/gm)];
    expect(releases.length).toBeGreaterThan(0);
    const dates = releases.map((release) => release[2] ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
  });
});
