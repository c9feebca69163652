import { performance } from 'node:perf_hooks';
import { restoreDatabase } from './mariadb.js';
import type { ProvidedWordPress } from './target.js';

/**
 * Puts the run's WordPress back to its freshly installed state (the snapshot taken after
 * install, application password included). Returns the time taken, or undefined for an
 * external WordPress, which is never wiped.
 */
export async function resetWordPress(wordpress: ProvidedWordPress): Promise<number | undefined> {
  if (!wordpress.reset) return undefined;
  const started = performance.now();
  await restoreDatabase(wordpress.reset.socket, wordpress.reset.snapshotFile);
  return performance.now() - started;
}
