/**
 * WordPress's own write ceiling on this machine, with no connector: the same `organization`
 * posts sfwp writes (title, content, three meta fields), created through the connector's
 * WordPress client as single requests (4 in flight), then as /batch/v1 requests of 25 with 1, 2
 * and 4 batches in flight. The ceiling is the best /batch/v1 figure; sfwp's share of it is
 * sfwp's records/s divided by it. Users (the Contact_User fields) as single requests, 4 in
 * flight, are the single-request rate the users goal is measured against: WordPress 6.1 does
 * not batch users.
 */
import { performance } from 'node:perf_hooks';
import {
  WpapiWordPressClient,
  type RequestRecord,
  type WriteOperation,
} from '../connector/src/wordpress/index.js';
import { runLanes } from './naive-wordpress.js';
import type { BenchWordPress } from './stack.js';
import { per1000, round } from './stats.js';

/** WordPress's default /batch/v1 limit (`max_items`). */
const BATCH_SIZE = 25;
const TYPE = 'organization';

export interface CeilingMode {
  mode: string;
  inFlight: number;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  requests: number;
  requestsPer1000: number;
  failures: number;
}

export interface CeilingResult {
  /** The best /batch/v1 records/s (posts). */
  recordsPerSecond: number;
  bestMode: string;
  /** Users created as single requests, 4 in flight. */
  usersSingleRecordsPerSecond: number;
  modes: CeilingMode[];
}

function userOperations(mode: string, count: number): WriteOperation[] {
  const tag = mode.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  return Array.from({ length: count }, (_, index) => ({
    kind: 'create',
    type: 'user',
    fields: {
      username: `ceiling-${tag}-${index}@example.test`,
      email: `ceiling-${tag}-${index}@example.test`,
      password: `ceiling-${index}-${'x'.repeat(16)}`,
      first_name: 'Ceiling',
      last_name: `Member ${index}`,
      url: `https://ceiling-${index}.example.test`,
      description: `Ceiling member number ${index}.`,
    },
  }));
}

function operations(mode: string, count: number): WriteOperation[] {
  if (mode.startsWith('users')) return userOperations(mode, count);
  return Array.from({ length: count }, (_, index) => ({
    kind: 'create',
    type: TYPE,
    fields: {
      title: `Ceiling ${mode} ${index}`,
      content: `<p>Ceiling organisation number ${index}.</p>`,
      meta: {
        website: `https://ceiling-${index}.example.test`,
        billing_city: 'Lyon',
        billing_country: 'France',
      },
    },
  }));
}

async function measure(
  wordpress: BenchWordPress,
  mode: string,
  inFlight: number,
  count: number,
  write: (client: WpapiWordPressClient, operations: WriteOperation[]) => Promise<number>,
): Promise<CeilingMode> {
  await wordpress.reset();
  const records: RequestRecord[] = [];
  const client = new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
    concurrency: inFlight,
    onRequest: (record) => {
      if (record.purpose !== 'discovery') records.push(record);
    },
  });
  // Discovery (batch limit, allow_batch per route, post type routes) happens once per client
  // lifetime; keep it out of the timed part.
  await client.writeMany(operations('warm-up', 1));
  records.length = 0;
  const list = operations(mode, count);
  const started = performance.now();
  const failures = await write(client, list);
  const seconds = (performance.now() - started) / 1000;
  return {
    mode,
    inFlight,
    records: count,
    seconds: round(seconds, 2),
    recordsPerSecond: round(count / seconds),
    requests: records.length,
    requestsPer1000: per1000(records.length, count),
    failures,
  };
}

/** Single requests through the client, `lanes` in flight. */
function singles(lanes: number) {
  return async (client: WpapiWordPressClient, list: WriteOperation[]): Promise<number> => {
    let failures = 0;
    let next = 0;
    await runLanes(
      lanes,
      () => Promise.resolve(list[next++]),
      async (operation) => {
        if (operation.kind !== 'create') return;
        await client.create(operation.type, operation.fields).catch(() => failures++);
      },
    );
    return failures;
  };
}

/** /batch/v1 requests of BATCH_SIZE, `lanes` batches in flight. */
function batches(lanes: number) {
  return async (client: WpapiWordPressClient, list: WriteOperation[]): Promise<number> => {
    let failures = 0;
    let next = 0;
    await runLanes(
      lanes,
      () => {
        const chunk = list.slice(next, next + BATCH_SIZE);
        next += BATCH_SIZE;
        return Promise.resolve(chunk.length > 0 ? chunk : undefined);
      },
      async (chunk) => {
        const results = await client.writeMany(chunk);
        failures += results.filter((result) => !result.ok).length;
      },
    );
    return failures;
  };
}

export async function measureWordPressCeiling(
  wordpress: BenchWordPress,
  count: number,
  log: (line: string) => void,
): Promise<CeilingResult> {
  const modes: CeilingMode[] = [];
  log(`  ceiling: ${count} single requests, 4 in flight…`);
  modes.push(await measure(wordpress, 'single requests', 4, count, singles(4)));
  for (const lanes of [1, 2, 4]) {
    log(`  ceiling: ${count} writes as /batch/v1 of ${BATCH_SIZE}, ${lanes} in flight…`);
    modes.push(await measure(wordpress, '/batch/v1', lanes, count, batches(lanes)));
  }
  log(`  ceiling: ${count} users as single requests, 4 in flight…`);
  const users = await measure(wordpress, 'users: single requests', 4, count, singles(4));
  modes.push(users);
  for (const mode of modes) {
    if (mode.failures > 0) {
      throw new Error(`ceiling: ${mode.failures} of ${mode.records} writes failed (${mode.mode})`);
    }
  }
  const best = modes
    .filter((mode) => mode.mode === '/batch/v1')
    .reduce((a, b) => (b.recordsPerSecond > a.recordsPerSecond ? b : a));
  return {
    recordsPerSecond: best.recordsPerSecond,
    bestMode: `/batch/v1 of ${BATCH_SIZE}, ${best.inFlight} in flight`,
    usersSingleRecordsPerSecond: users.recordsPerSecond,
    modes,
  };
}
