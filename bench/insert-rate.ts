/**
 * WordPress's in-process insert rate (bench/php/insert-rate.php run with `php`): the same
 * users and `organization` posts sfwp writes, inserted with the same core functions in one PHP
 * process, no HTTP. The physical limit of this machine's PHP and MariaDB; sfwp's share of it is
 * sfwp's records/s divided by it. For comparison, the same inserts are also run in as many
 * processes side by side as the web server has PHP workers.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SfToWpKindName } from './sf-to-wp-changes.js';
import type { BenchWordPress } from './stack.js';
import { round } from './stats.js';

const SCRIPT = fileURLToPath(new URL('./php/insert-rate.php', import.meta.url));
const run = promisify(execFile);

export interface InsertRate {
  records: number;
  seconds: number;
  /** One process: the figure sfwp's share is taken of. */
  recordsPerSecond: number;
  /** The PHP process's peak memory, MB. */
  phpPeakMemoryMb: number;
  /** `processes` processes side by side, `records` in all: first loop start to last loop end. */
  parallel: { processes: number; recordsPerSecond: number } | null;
}

export interface InsertRateResult {
  users: InsertRate;
  posts: InsertRate;
  method: string;
}

interface ScriptOutput {
  records: number;
  seconds: number;
  startedAt: number;
  endedAt: number;
  failed: number;
  firstError: string | null;
  peakMemory: number;
}

async function runScript(
  wordpress: BenchWordPress,
  siteDir: string,
  kind: SfToWpKindName,
  count: number,
  tag: string,
): Promise<ScriptOutput> {
  const { stdout } = await run(
    'php',
    [SCRIPT, siteDir, kind, String(count), tag, wordpress.username],
    { maxBuffer: 16 * 2 ** 20 },
  );
  const line = stdout.split('\n').find((text) => text.startsWith('SFWP_INSERT_RATE '));
  if (!line) throw new Error(`insert-rate.php printed no result:\n${stdout.slice(-2000)}`);
  const output = JSON.parse(line.slice('SFWP_INSERT_RATE '.length)) as ScriptOutput;
  if (output.failed > 0) {
    throw new Error(
      `insert-rate.php: ${output.failed} of ${count} ${kind} failed; first: ${output.firstError ?? ''}`,
    );
  }
  return output;
}

async function insertRate(
  wordpress: BenchWordPress,
  siteDir: string,
  kind: SfToWpKindName,
  count: number,
): Promise<InsertRate> {
  await wordpress.reset();
  const one = await runScript(wordpress, siteDir, kind, count, `InProcess${kind}`);
  let parallel: InsertRate['parallel'] = null;
  const processes = wordpress.phpWorkers ?? 1;
  if (processes > 1) {
    await wordpress.reset();
    const share = Math.ceil(count / processes);
    const outputs = await Promise.all(
      Array.from({ length: processes }, (_, index) =>
        runScript(wordpress, siteDir, kind, share, `InParallel${index}${kind}`),
      ),
    );
    const span =
      Math.max(...outputs.map((output) => output.endedAt)) -
      Math.min(...outputs.map((output) => output.startedAt));
    parallel = { processes, recordsPerSecond: round((share * processes) / span) };
  }
  return {
    records: one.records,
    seconds: round(one.seconds, 2),
    recordsPerSecond: round(one.records / one.seconds),
    phpPeakMemoryMb: round(one.peakMemory / 2 ** 20),
    parallel,
  };
}

/** Users, then posts, each on a freshly reset database; null without a local WordPress. */
export async function measureInsertRate(
  wordpress: BenchWordPress,
  count: number,
  log: (line: string) => void,
): Promise<InsertRateResult | null> {
  const siteDir = wordpress.siteDir;
  if (siteDir === undefined) {
    log('  in-process: needs the benchmark’s own WordPress (not WP_URL); recorded as null');
    return null;
  }
  log(`  in-process: ${count} users with wp_insert_user() in one php process…`);
  const users = await insertRate(wordpress, siteDir, 'users', count);
  log(
    `  in-process: ${users.recordsPerSecond} users/s (${users.parallel?.recordsPerSecond ?? '–'} in ${users.parallel?.processes ?? 1} processes)`,
  );
  log(`  in-process: ${count} organization posts with wp_insert_post() in one php process…`);
  const posts = await insertRate(wordpress, siteDir, 'posts', count);
  log(
    `  in-process: ${posts.recordsPerSecond} posts/s (${posts.parallel?.recordsPerSecond ?? '–'} in ${posts.parallel?.processes ?? 1} processes)`,
  );
  return {
    users,
    posts,
    method:
      'php bench/php/insert-rate.php: wp-load.php, then wp_insert_user() / wp_insert_post() with meta_input in a loop, one process, no HTTP',
  };
}
