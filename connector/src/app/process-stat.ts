import { readFileSync } from 'node:fs';

/** What /proc/PID/stat says about a live process. */
export interface ProcessStat {
  /** Field 4: the parent's pid. */
  parent: number;
  /** Field 22: when the process started, in clock ticks since boot (tells a reused pid apart). */
  startTicks: string;
}

/** The process's /proc/PID/stat, or undefined when it is gone, a zombie, or there is no /proc. */
export function processStat(pid: number): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    if (state === 'Z' || state === 'X') return undefined; // exited, not yet reaped
    // Fields from 3 on: index 0 is field 3, so field 4 is index 1 and field 22 is index 19.
    return { parent: Number(fields[1]), startTicks: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}
