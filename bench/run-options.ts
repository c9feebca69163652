/** `npm run bench`'s command line: its options, their defaults and the usage text. */
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PARTS, type Part, type RunOptions } from './report.js';

const RESULTS_DIR = fileURLToPath(new URL('./results', import.meta.url));

export const HELP = `Usage: npm run bench -- [options]

  --count N               changes per comparison, users and posts each (default 2000)
  --backlog N             sync events queued for the memory measurement (default 20000)
  --full-sync-count N     Contacts in the full sync (sfwp sync --full; default 10000), and
                          linked pairs in the audit (sfwp audit)
  --trickle N             WordPress → Salesforce changes in the steady trickle (default 1000, 0 skips)
  --trickle-rate N        changes per second in the trickle (default 20)
  --skip-heap-snapshot    no heap snapshot at 90 % of the backlog (no memory by part)
  --only PARTS            comma-separated: ${PARTS.join(', ')} (default: all)
  --naive-concurrency N   records the naive modes keep in flight (default 4)
  --paced N               changes in the paced latency run of each mode (default 100, 0 skips)
  --paced-rate N          changes per second in the paced run (default 5)
  --backlog-timeout S     stop the backlog run after S seconds if it has not drained (default 300)
  --out DIR               write the results there instead of bench/results (for experiments that
                          must not replace the committed latest.json and latest.svg)
  --record-concurrency N  tuning experiment: run the connector with sync.recordConcurrency N
                          instead of its default (the results say so)

Runs against the local WordPress it starts (or WP_URL, WP_USERNAME, WP_APP_PASSWORD) and a
fresh org emulator per measurement. Writes bench/results/<timestamp>.json,
bench/results/latest.json and bench/results/latest.svg. See docs/BENCHMARKS.md.`;

export class UsageError extends Error {}

function positiveInteger(name: string, raw: string, allowZero = false): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new UsageError(
      `--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, not '${raw}'`,
    );
  }
  return value;
}

export function parseOptions(argv: string[]): RunOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: '2000' },
      backlog: { type: 'string', default: '20000' },
      only: { type: 'string' },
      'naive-concurrency': { type: 'string', default: '4' },
      paced: { type: 'string', default: '100' },
      'paced-rate': { type: 'string', default: '5' },
      'backlog-timeout': { type: 'string', default: '300' },
      'full-sync-count': { type: 'string', default: '10000' },
      trickle: { type: 'string', default: '1000' },
      'trickle-rate': { type: 'string', default: '20' },
      'skip-heap-snapshot': { type: 'boolean' },
      'record-concurrency': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return undefined;
  }
  const parts =
    values.only === undefined ? [...PARTS] : values.only.split(',').map((part) => part.trim());
  for (const part of parts) {
    if (!(PARTS as readonly string[]).includes(part)) {
      throw new UsageError(`--only takes ${PARTS.join(', ')} (comma-separated), not '${part}'`);
    }
  }
  return {
    count: positiveInteger('count', values.count),
    backlog: positiveInteger('backlog', values.backlog),
    parts: parts as Part[],
    naiveConcurrency: positiveInteger('naive-concurrency', values['naive-concurrency']),
    pacedCount: positiveInteger('paced', values.paced, true),
    pacedRatePerSecond: positiveInteger('paced-rate', values['paced-rate']),
    backlogTimeoutSeconds: positiveInteger('backlog-timeout', values['backlog-timeout']),
    fullSyncCount: positiveInteger('full-sync-count', values['full-sync-count']),
    trickleCount: positiveInteger('trickle', values.trickle, true),
    trickleRatePerSecond: positiveInteger('trickle-rate', values['trickle-rate']),
    heapSnapshot: values['skip-heap-snapshot'] !== true,
    outDir: relative(process.cwd(), resolve(values.out ?? RESULTS_DIR)) || '.',
    recordConcurrency:
      values['record-concurrency'] === undefined
        ? null
        : positiveInteger('record-concurrency', values['record-concurrency']),
  };
}
