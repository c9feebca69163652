// Runs before `npm start` and `npm test`: installs the locked npm dependencies when they are
// missing or older than package-lock.json, so both commands work on a fresh clone.
// Plain JavaScript because nothing from node_modules may be needed to run it.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const installedMarker = 'node_modules/.package-lock.json';
const upToDate =
  existsSync(installedMarker) &&
  statSync(installedMarker).mtimeMs >= statSync('package-lock.json').mtimeMs;

if (!upToDate) {
  console.log('Installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
