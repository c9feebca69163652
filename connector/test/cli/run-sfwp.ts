import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import type { Command } from '../../src/cli/command.js';
import type { CliIo } from '../../src/cli/io.js';

export interface SfwpRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SfwpRunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Lines typed at the prompts. */
  input?: string[];
  commands?: readonly Command[];
  /** Resolves when the command should shut down (`sfwp start`). */
  shutdown?: Promise<string>;
}

/** Runs `sfwp args…` in-process with captured output. */
export async function sfwp(args: string[], options: SfwpRunOptions): Promise<SfwpRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from((options.input ?? []).map((line) => `${line}\n`)),
    env: options.env ?? {},
    cwd: options.cwd,
    shutdownRequested: () => options.shutdown ?? new Promise<string>(() => undefined),
  };
  const code = await runCli(args, io, options.commands ?? COMMANDS);
  return { code, stdout, stderr };
}
