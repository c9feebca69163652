import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startLocalWordPress } from './launcher.js';
import { wordPressTargetFromEnv, type ProvidedWordPress } from './target.js';

declare module 'vitest' {
  export interface ProvidedContext {
    wordpress: ProvidedWordPress;
  }
}

/**
 * Starts one real WordPress for the whole test run (or uses the one named by WP_URL,
 * WP_USERNAME and WP_APP_PASSWORD) and hands its coordinates to every test file.
 */
export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const existing = wordPressTargetFromEnv(process.env);
  if (existing) {
    console.log(`[wordpress] using the existing WordPress at ${existing.url} (WP_URL)`);
    project.provide('wordpress', { ...existing, startedByRun: false });
    return undefined;
  }
  const wordpress = await startLocalWordPress({
    log: (line) => {
      console.log(`[wordpress] ${line}`);
    },
  });
  project.provide('wordpress', {
    url: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
    reset: wordpress.resetHandle,
    people: wordpress.people,
    siteDir: wordpress.siteDir,
    startedByRun: true,
  });
  return async () => {
    await wordpress.stop();
    console.log('[wordpress] stopped (MariaDB and the php -S process group)');
  };
}
