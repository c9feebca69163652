/** Resident memory of a process (and its descendants), from /proc, or `ps` where there is none. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface RssSample {
  /** Resident memory of the connector's own process, MB. */
  processMb: number;
  /** The same plus its descendants (tsx's esbuild service), MB. */
  treeMb: number;
}

function vmRssKb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may contain spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

function psRssKb(pid: number): number | undefined {
  try {
    const text = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
    const value = Number(text.trim());
    return Number.isFinite(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** One sample of the process's (and its descendants') resident memory, or undefined if gone. */
export function sampleRss(pid: number): RssSample | undefined {
  const hasProc = vmRssKb(process.pid) !== undefined;
  const own = hasProc ? vmRssKb(pid) : psRssKb(pid);
  if (own === undefined) return undefined;
  let tree = own;
  if (hasProc) {
    const pending = childrenOf(pid);
    while (pending.length > 0) {
      const next = pending.pop() as number;
      tree += vmRssKb(next) ?? 0;
      pending.push(...childrenOf(next));
    }
  }
  return { processMb: own / 1024, treeMb: tree / 1024 };
}

/** Samples RSS every `intervalMs` until stopped; keeps the peaks and the last sample. */
export class RssSampler {
  peakProcessMb = 0;
  peakTreeMb = 0;
  samples = 0;
  last: RssSample | undefined;
  private readonly timer: NodeJS.Timeout;
  private frozen = false;
  /** The peak of the process's own RSS after freezePeaks(). */
  peakAfterFreezeMb = 0;

  constructor(
    private readonly pid: number,
    intervalMs = 250,
  ) {
    this.timer = setInterval(() => {
      this.sample();
    }, intervalMs);
    this.sample();
  }

  /**
   * Stops the peaks here: a diagnostic such as a heap snapshot is not the connector's own memory
   * use, and what it allocates stays in RSS long after. The samples go on (`last`,
   * `peakAfterFreezeMb`).
   */
  freezePeaks(): void {
    this.frozen = true;
  }

  private sample(): void {
    const sample = sampleRss(this.pid);
    if (!sample) return;
    this.samples++;
    this.last = sample;
    if (this.frozen) {
      this.peakAfterFreezeMb = Math.max(this.peakAfterFreezeMb, sample.processMb);
      return;
    }
    this.peakProcessMb = Math.max(this.peakProcessMb, sample.processMb);
    this.peakTreeMb = Math.max(this.peakTreeMb, sample.treeMb);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
