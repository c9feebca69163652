/**
 * The demo's JSON log is kept from run to run: a start moves `demo.log` to `demo.log.1` (and
 * `.1` to `.2`, …, keeping `KEPT_LOGS`), so the log of a run that crashed is still there after
 * the next start, whether that start works or not.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';

export const KEPT_LOGS = 3;

/** Rotates `file` when it holds anything; returns where the previous log went, if anywhere. */
export function rotateLog(file: string, kept: number = KEPT_LOGS): string | undefined {
  if (!existsSync(file) || statSync(file).size === 0) return undefined;
  rmSync(`${file}.${String(kept)}`, { force: true });
  for (let index = kept - 1; index >= 1; index--) {
    const from = `${file}.${String(index)}`;
    if (existsSync(from)) renameSync(from, `${file}.${String(index + 1)}`);
  }
  renameSync(file, `${file}.1`);
  return `${file}.1`;
}
