import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { temporaryDirectories } from './temporary-directories.js';

const temporaryDirectory = temporaryDirectories();

const UNIT = fileURLToPath(new URL('../../config/systemd/sfwp.service', import.meta.url));

/** Every `Key=value` line of the unit, by key (a key may repeat). */
function directives(unitText: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of unitText.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key = '', value = ''] = match;
    found.set(key, [...(found.get(key) ?? []), value]);
  }
  return found;
}

/**
 * Runs `systemd-analyze verify` on a copy of the unit whose ExecStart a drop-in points at a stub
 * executable: verify refuses a unit whose binary is missing, and sfwp is not installed here.
 */
function verify(unitText: string): { status: number | null; output: string } {
  const dir = temporaryDirectory('sfwp-unit-');
  const stub = join(dir, 'sfwp');
  writeFileSync(stub, '#!/bin/sh\n');
  chmodSync(stub, 0o755);
  writeFileSync(join(dir, 'sfwp.service'), unitText);
  mkdirSync(join(dir, 'sfwp.service.d'));
  writeFileSync(
    join(dir, 'sfwp.service.d', 'exec.conf'),
    `[Service]\nExecStart=\nExecStart=${stub} start --config /etc/sfwp/sfwp.config.yaml\n`,
  );
  const result = spawnSync('systemd-analyze', ['verify', join(dir, 'sfwp.service')], {
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

describe('config/systemd/sfwp.service', () => {
  const unitText = readFileSync(UNIT, 'utf8');

  it('passes systemd-analyze verify without a warning', () => {
    expect(execFileSync('systemd-analyze', ['--version'], { encoding: 'utf8' })).toMatch(/systemd/);
    expect(verify(unitText)).toEqual({ status: 0, output: '' });
  });

  it('is refused by the same check when a directive is misspelt or has a bad value', () => {
    const broken = unitText
      .replace('Restart=on-failure', 'Restrt=on-failure')
      .replace('ProtectSystem=strict', 'ProtectSystem=bogus');
    const { output } = verify(broken);
    expect(output).toContain("Unknown key 'Restrt'");
    expect(output).toContain('Failed to parse protect system value');
  });

  it('runs as a dedicated user, hardened, with secrets from a root-only environment file', () => {
    const found = directives(unitText);
    expect(found.get('User')).toEqual(['sfwp']);
    expect(found.get('EnvironmentFile')).toEqual(['/etc/sfwp/sfwp.env']);
    expect(found.get('StateDirectory')).toEqual(['sfwp']);
    expect(found.get('ReadWritePaths')).toEqual(['/var/lib/sfwp']);
    expect(found.get('NoNewPrivileges')).toEqual(['yes']);
    expect(found.get('ProtectSystem')).toEqual(['strict']);
    expect(found.get('ProtectHome')).toEqual(['yes']);
    expect(found.get('PrivateTmp')).toEqual(['yes']);
    expect(found.get('Restart')).toEqual(['on-failure']);
    expect(found.get('RestartPreventExitStatus')).toEqual(['2']);
    expect(found.get('StandardOutput')).toEqual(['journal']);
    expect(found.get('ExecStart')?.[0]).toMatch(/\/sfwp start --config \/etc\/sfwp\//);
    expect(unitText).toMatch(/sfwp\.env[^\n]*0600|0600[^\n]*sfwp\.env/);
  });
});
