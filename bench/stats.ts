/** Small numeric and machine helpers shared by the benchmark modules. */
import { readFileSync } from 'node:fs';
import { arch, cpus, release, totalmem, type } from 'node:os';

/** Nearest-rank percentile (p in 0–100) of unsorted values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export function summariseLatencies(values: readonly number[]): LatencySummary | undefined {
  if (values.length === 0) return undefined;
  const sum = values.reduce((total, value) => total + value, 0);
  return {
    samples: values.length,
    p50Ms: Math.round(percentile(values, 50) ?? 0),
    p99Ms: Math.round(percentile(values, 99) ?? 0),
    maxMs: Math.round(Math.max(...values)),
    meanMs: Math.round(sum / values.length),
  };
}

/** Rounds to `digits` decimals (a figure for a report, not for further arithmetic). */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `part / whole` rounded, or null when the whole is missing or zero. */
export function ratio(part: number | null, whole: number | null, digits = 2): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return round(part / whole, digits);
}

/** Requests (or calls) per 1,000 records. */
export function per1000(count: number, records: number): number {
  return records === 0 ? 0 : Math.round((count / records) * 1000);
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  os: string;
  arch: string;
}

function distribution(): string | undefined {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

export function machineInfo(): MachineInfo {
  const processors = cpus();
  const kernel = `${type()} ${release()}`;
  const distro = distribution();
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: distro ? `${distro} (${kernel})` : kernel,
    arch: arch(),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits until `count()` has not changed for 2 s (the connector's last calls done; gives up
 * after 30 s) and returns the settled count.
 */
export async function settledCount(count: () => number): Promise<number> {
  let last = count();
  await waitUntil(
    async () => {
      await sleep(2000);
      const now = count();
      const stable = now === last;
      last = now;
      return stable;
    },
    30_000,
    0,
  );
  return last;
}

/** Polls `condition` every `intervalMs` until it is true; false when `timeoutMs` passes first. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
}
