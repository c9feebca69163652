/**
 * WordPress's in-process insert rate (bench/php/insert-rate.php run with `php`): the same
 * users and `organization` posts sfwp writes, inserted with the same core functions in one PHP
 * process, no HTTP. The physical limit of this machine's PHP and MariaDB; sfwp's share of it is
 * sfwp's records/s divided by it.
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
  recordsPerSecond: number;
  /** The PHP process's peak memory, MB. */
  phpPeakMemoryMb: number;
}

export interface InsertRateResult {
  users: InsertRate;
  posts: InsertRate;
  method: string;
}

interface ScriptOutput {
  records: number;
  seconds: number;
  failed: number;
  firstError: string | null;
  peakMemory: number;
}

async function insertRate(
  wordpress: BenchWordPress,
  siteDir: string,
  kind: SfToWpKindName,
  count: number,
): Promise<InsertRate> {
  await wordpress.reset();
  const { stdout } = await run(
    'php',
    [SCRIPT, siteDir, kind, String(count), `InProcess${kind}`, wordpress.username],
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
  return {
    records: output.records,
    seconds: round(output.seconds, 2),
    recordsPerSecond: round(output.records / output.seconds),
    phpPeakMemoryMb: round(output.peakMemory / 2 ** 20),
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
  log(`  in-process: ${users.recordsPerSecond} users/s`);
  log(`  in-process: ${count} organization posts with wp_insert_post() in one php process…`);
  const posts = await insertRate(wordpress, siteDir, 'posts', count);
  log(`  in-process: ${posts.recordsPerSecond} posts/s`);
  return {
    users,
    posts,
    method:
      'php bench/php/insert-rate.php: wp-load.php, then wp_insert_user() / wp_insert_post() with meta_input in a loop, one process, no HTTP',
  };
}
