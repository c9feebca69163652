/**
 * `npm run test:reliability [-- --long]`: the reliability and security suite on its own.
 * `npm test` runs the same files in their short form; `--long` runs the full counts
 * (20 crashes, a 60 s WordPress outage, a 20,000-event backlog). Extra arguments go to vitest.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const long = args.includes('--long');
const passThrough = args.filter((argument) => argument !== '--long');
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

console.log(`reliability suite, ${long ? 'long' : 'short'} form`);
const run = spawnSync(
  process.execPath,
  [vitest, 'run', '--project', 'integration', 'test/reliability/', ...passThrough],
  {
    stdio: 'inherit',
    env: { ...process.env, SFWP_RELIABILITY_LONG: long ? '1' : '0' },
  },
);
process.exit(run.status ?? 1);
