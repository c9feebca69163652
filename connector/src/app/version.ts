import { readFileSync } from 'node:fs';

/** The connector package's version: what the heartbeat and `/healthz` report. */
export const CONNECTOR_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
