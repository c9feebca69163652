/**
 * WordPress's own write ceiling on this machine: N posts created through the connector's
 * WordPress client as single requests, then as /batch/v1 chunks, against the real local
 * WordPress (or WP_URL). Prints a table and writes bench/results/wordpress-ceiling.json.
 *
 *   npm run bench -- --count 500
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  WpapiWordPressClient,
  type RequestRecord,
  type WriteOperation,
} from '../connector/src/wordpress/index.js';
import { startLocalWordPress, type LocalWordPress } from '../test/wordpress/launcher.js';
import { wordPressTargetFromEnv, type WordPressTarget } from '../test/wordpress/target.js';

interface ModeResult {
  mode: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  requests: number;
  requestsPer1000: number;
  failures: number;
}

async function measure(
  target: WordPressTarget,
  mode: string,
  count: number,
  write: (client: WpapiWordPressClient, operations: WriteOperation[]) => Promise<number>,
): Promise<ModeResult> {
  const records: RequestRecord[] = [];
  const client = new WpapiWordPressClient({
    siteUrl: target.url,
    username: target.username,
    applicationPassword: target.applicationPassword,
    onRequest: (record) => {
      if (record.purpose !== 'discovery') records.push(record);
    },
  });
  // Discovery happens once per client lifetime; keep it out of the timed part.
  await client.writeMany([]);
  await client.list('post', { perPage: 1 });
  records.length = 0;
  const operations: WriteOperation[] = Array.from({ length: count }, (_, index) => ({
    kind: 'create',
    type: 'post',
    fields: { title: `${mode} ${index}`, content: `<p>Body ${index}</p>`, status: 'publish' },
  }));
  const started = performance.now();
  const failures = await write(client, operations);
  const seconds = (performance.now() - started) / 1000;
  return {
    mode,
    records: count,
    seconds: Number(seconds.toFixed(2)),
    recordsPerSecond: Number((count / seconds).toFixed(1)),
    requests: records.length,
    requestsPer1000: Math.round((records.length / count) * 1000),
    failures,
  };
}

async function singleRequests(
  client: WpapiWordPressClient,
  operations: WriteOperation[],
): Promise<number> {
  let failures = 0;
  let next = 0;
  const lanes = Array.from({ length: 4 }, async () => {
    while (next < operations.length) {
      const operation = operations[next++];
      if (operation?.kind !== 'create') continue;
      await client.create(operation.type, operation.fields).catch(() => failures++);
    }
  });
  await Promise.all(lanes);
  return failures;
}

async function batched(
  client: WpapiWordPressClient,
  operations: WriteOperation[],
): Promise<number> {
  const results = await client.writeMany(operations);
  return results.filter((result) => !result.ok).length;
}

const { values } = parseArgs({ options: { count: { type: 'string', default: '300' } } });
const count = Number(values.count);
let local: LocalWordPress | undefined;
let target = wordPressTargetFromEnv(process.env);
if (!target) {
  local = await startLocalWordPress({
    log: (line) => {
      console.log(line);
    },
  });
  target = local;
}
try {
  const results = [
    await measure(target, 'single requests (4 in flight)', count, singleRequests),
    await measure(target, '/batch/v1 (writeMany)', count, batched),
  ];
  console.table(results);
  const [single, batch] = results as [ModeResult, ModeResult];
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    wordpress: target.url,
    results,
    batchSpeedup: Number((batch.recordsPerSecond / single.recordsPerSecond).toFixed(2)),
  };
  console.log(`/batch/v1 is ${report.batchSpeedup}× single requests on this machine`);
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/wordpress-ceiling.json', `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await local?.stop();
}
