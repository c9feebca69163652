import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  demoDirectory,
  demoFilePath,
  readDemoFile,
  removeDemoFile,
  writeDemoFile,
  type DemoCoordinates,
} from '../../scripts/start/demo-file.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

function temporary(): string {
  const directory = mkdtempSync(join(tmpdir(), 'sfwp-demo-file-'));
  directories.push(directory);
  return directory;
}

const coordinates = (pid: number) => ({ version: 1, pid }) as unknown as DemoCoordinates;

describe('the demo file', () => {
  it('lives in SFWP_DEMO_DIR, else .sfwp in the working directory', () => {
    expect(demoDirectory({}, '/srv/app')).toBe('/srv/app/.sfwp');
    expect(demoDirectory({ SFWP_DEMO_DIR: 'tmp/demo' }, '/srv/app')).toBe('/srv/app/tmp/demo');
    expect(demoDirectory({ SFWP_DEMO_DIR: '/var/demo' }, '/srv/app')).toBe('/var/demo');
  });

  it('is written with mode 0600 and read back while its process runs', () => {
    const directory = temporary();
    writeDemoFile(directory, coordinates(process.pid));
    expect(statSync(demoFilePath(directory)).mode & 0o777).toBe(0o600);
    expect(readDemoFile(directory)).toEqual({
      state: 'running',
      coordinates: coordinates(process.pid),
    });
    removeDemoFile(directory);
    expect(readDemoFile(directory)).toEqual({ state: 'missing' });
  });

  it('is stale once its process is gone', () => {
    const directory = temporary();
    // Pid numbers stop well below 2^22 on Linux.
    writeFileSync(demoFilePath(directory), JSON.stringify(coordinates(2 ** 22 + 7)));
    expect(readDemoFile(directory)).toEqual({ state: 'stale', pid: 2 ** 22 + 7 });
  });
});
