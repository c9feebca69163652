import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveLogSink, createDemoLogger } from '../../scripts/start/log-sink.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

function sinkInTemp(): { sink: LiveLogSink; printed: string[]; file: string } {
  const directory = mkdtempSync(join(tmpdir(), 'sfwp-sink-'));
  directories.push(directory);
  const file = join(directory, 'demo.log');
  const printed: string[] = [];
  const sink = new LiveLogSink(file, (line) => printed.push(line), { utc: true });
  return { sink, printed, file };
}

const synced = {
  direction: 'salesforce-to-wordpress',
  mapping: 'Contact_User',
  operation: 'UPDATE',
  salesforceId: '0035g000000000FAAQ',
  wordpressId: 4,
  outcome: 'Success',
  detail: 'Updated WordPress user 4 (LastName)',
};

describe('the demo log sink', () => {
  it('keeps every JSON line in the log file (mode 0600, secrets redacted) and prints readable ones', () => {
    const { sink, printed, file } = sinkInTemp();
    const logger = createDemoLogger(sink);
    logger.info({ url: 'http://127.0.0.1:8881' }, 'connected to WordPress');
    logger.info({ applicationPassword: 'abcd efgh' }, 'not shown');
    logger.info(synced, 'record synced');
    sink.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain('abcd efgh');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(
      /Contact_User record 0035g000000000FAAQ {2}→ WordPress 4 {2}updated \(LastName\)$/,
    );
  });

  it('holds lines while a progress bar runs: counts records, prints warnings and failures after', () => {
    const { sink, printed } = sinkInTemp();
    const logger = createDemoLogger(sink);
    sink.hold();
    logger.info(synced, 'record synced');
    logger.info(synced, 'record synced');
    logger.error(
      { mapping: 'Contact_User', recordId: 'x', code: 'c', reason: 'r' },
      'sync failed; dead-lettered',
    );
    expect(printed).toEqual([]);
    expect(sink.release()).toBe(2);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('failed, dead-lettered: c: r');
    logger.info(synced, 'record synced');
    expect(printed).toHaveLength(2);
    sink.close();
  });

  it('prints a warning repeated word for word once (every runtime warns that TLS checks are off)', () => {
    const { sink, printed } = sinkInTemp();
    const logger = createDemoLogger(sink);
    logger.warn('TLS VERIFICATION IS OFF');
    logger.warn('TLS VERIFICATION IS OFF');
    logger.warn({ reason: 'a' }, 'transient failure; retrying');
    logger.warn({ reason: 'b' }, 'transient failure; retrying');
    expect(printed.map((line) => line.slice(10))).toEqual([
      'warning   TLS VERIFICATION IS OFF',
      'warning   transient failure; retrying: a',
      'warning   transient failure; retrying: b',
    ]);
    sink.close();
  });

  it('copes with lines split across writes', () => {
    const { sink, printed } = sinkInTemp();
    const line = JSON.stringify({ level: 'warn', time: 0, msg: 'split' });
    sink.write(line.slice(0, 10));
    expect(printed).toEqual([]);
    sink.write(`${line.slice(10)}\n`);
    expect(printed).toEqual(['00:00:00  warning   split']);
    sink.close();
  });
});
