/**
 * A command run to its exit with its RSS sampled: the figures of a part that measures one
 * process on its own (the full sync, the audit). Killed if the bench stops first.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { onCleanup } from './cleanup.js';
import { RssSampler } from './rss.js';

export interface MeasuredExit {
  code: number | null;
  stdout: string;
  /** The last 8,000 characters. */
  stderr: string;
  /** From the spawn to the exit. */
  seconds: number;
  peakRssMb: number;
}

export async function runMeasured(
  label: string,
  command: string,
  args: readonly string[],
  options: Pick<SpawnOptions, 'cwd' | 'env'>,
  sampleMs?: number,
): Promise<MeasuredExit> {
  const started = performance.now();
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${label}`);
  const rss = new RssSampler(pid, sampleMs);
  const stop = onCleanup(`${label} (${String(pid)})`, () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = (performance.now() - started) / 1000;
  rss.stop();
  await stop();
  return { code, stdout, stderr, seconds, peakRssMb: rss.peakProcessMb };
}
