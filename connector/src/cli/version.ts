import { readFileSync } from 'node:fs';

/** The sfwp version from package.json. */
export const SFWP_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
