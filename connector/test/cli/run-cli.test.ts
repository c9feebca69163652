import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/cli/command.js';
import { CliError } from '../../src/cli/errors/index.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { temporaryDirectory } from './fixtures.js';
import { sfwp } from './run-sfwp.js';

const cwd = temporaryDirectory('run');
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const failing: Command = {
  name: 'explode',
  summary: 'Fails',
  help: 'Usage: sfwp explode [--cli]',
  run: (args) =>
    Promise.reject(
      args.includes('--cli')
        ? new CliError('the thing is missing; set thing.path', 1)
        : new Error('boom at the top\nsecond line of detail'),
    ),
};

describe('sfwp', () => {
  it('prints the command list for --help and exits 0', async () => {
    const run = await sfwp(['--help'], { cwd });
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toContain(command.name);
    expect(run.stdout).toContain('Usage: sfwp <command>');
  });

  it('prints usage and exits 2 without a command or with an unknown one', async () => {
    const none = await sfwp([], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: sfwp <command>');
    const unknown = await sfwp(['frobnicate'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(unknown.stderr).toContain('Usage: sfwp <command>');
    const unknownSub = await sfwp(['dlq', 'purge'], { cwd });
    expect(unknownSub.code).toBe(2);
    expect(unknownSub.stderr).toContain("unknown command 'dlq purge'");
  });

  it('lists a command group when only its first word is given', async () => {
    const bare = await sfwp(['dlq'], { cwd });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('dlq list');
    expect(bare.stderr).not.toContain('config check');
    const help = await sfwp(['dlq', '--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('dlq retry');
  });

  it("prints each command's help and exits 0", async () => {
    for (const command of COMMANDS) {
      const run = await sfwp([...command.name.split(' '), '--help'], { cwd });
      expect(run.code, command.name).toBe(0);
      expect(run.stdout, command.name).toContain(`Usage: sfwp ${command.name}`);
    }
  });

  it('rejects an unknown option with the command usage and exit 2', async () => {
    const run = await sfwp(['dlq', 'list', '--colour'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--colour'");
    expect(run.stderr).toContain('Usage: sfwp dlq list');
  });

  it('prints the version', async () => {
    const run = await sfwp(['--version'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^sfwp \d+\.\d+\.\d+/);
  });

  it('prints an error as one line without a stack, and the stack with --debug', async () => {
    const commands = [failing];
    const plain = await sfwp(['explode'], { cwd, commands });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('sfwp: boom at the top\n');
    expect(plain.stderr).not.toContain('second line');
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(plain.stderr).toContain('--debug');

    const known = await sfwp(['explode', '--cli'], { cwd, commands });
    expect(known.code).toBe(1);
    expect(known.stderr).toBe('sfwp: the thing is missing; set thing.path\n');

    const debug = await sfwp(['explode', '--debug'], { cwd, commands });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
