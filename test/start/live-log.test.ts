import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../connector/src/observability/logger.js';
import {
  formatLogRecord,
  parseLogLine,
  type LiveLogOptions,
  type LogRecord,
} from '../../scripts/start/live-log.js';

/** Lines exactly as the connector's logger writes them. */
function logged(write: (logger: ReturnType<typeof createLogger>) => void): LogRecord[] {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  write(logger);
  logger.flush();
  return lines.map((line) => {
    const record = parseLogLine(line);
    if (!record) throw new Error(`not a log record: ${line}`);
    // A fixed time, so the clock column is known.
    return { ...record, time: '2026-11-22T10:42:01.500Z' };
  });
}

const MAPPINGS: LiveLogOptions = {
  utc: true,
  describeMapping: (name) =>
    ({
      Contact_User: { salesforceObject: 'Contact', wordpressType: 'user' },
      Account_Organization: { salesforceObject: 'Account', wordpressType: 'organization' },
    })[name],
};

function one(write: (logger: ReturnType<typeof createLogger>) => void, options = MAPPINGS) {
  const [record] = logged(write);
  if (!record) throw new Error('nothing logged');
  return formatLogRecord(record, options);
}

describe('the live log formatter', () => {
  it('shows a Salesforce → WordPress update with the fields it wrote', () => {
    const line = one((logger) => {
      logger.info(
        {
          direction: 'salesforce-to-wordpress',
          mapping: 'Contact_User',
          operation: 'UPDATE',
          salesforceId: '0035g000000000FAAQ',
          wordpressId: 17,
          outcome: 'Success',
          detail: 'Updated WordPress user 17 (Email, LastName)',
        },
        'record synced',
      );
    });
    expect(line).toBe(
      '10:42:01  Salesforce → WordPress  Contact 0035g000000000FAAQ  → user 17  updated (Email, LastName)',
    );
  });

  it('shows a WordPress → Salesforce update from the WordPress side first', () => {
    const line = one((logger) => {
      logger.info(
        {
          direction: 'wordpress-to-salesforce',
          mapping: 'Contact_User',
          salesforceId: '0035g000000000FAAQ',
          wordpressId: 4,
          operation: 'update',
          outcome: 'Success',
          detail: 'Updated Contact 0035g000000000FAAQ (LastName)',
        },
        'record synced',
      );
    });
    expect(line).toBe(
      '10:42:01  WordPress → Salesforce  user 4                      → Contact 0035g000000000FAAQ  updated (LastName)',
    );
  });

  it('prefers a changedFields list on the line, and says created for new objects', () => {
    const line = one((logger) => {
      logger.info(
        {
          direction: 'salesforce-to-wordpress',
          mapping: 'Account_Organization',
          operation: 'CREATE',
          salesforceId: '0015g000000000DAAQ',
          wordpressId: 9,
          outcome: 'Success',
          detail: 'Created WordPress organization 9',
          changedFields: ['Name', 'Website'],
        },
        'record synced',
      );
    });
    expect(line).toMatch(
      /Account 0015g000000000DAAQ {2}→ organization 9 {2}created \(Name, Website\)$/,
    );
  });

  it('names a new Salesforce record and a trashed post in plain words', () => {
    const created = one((logger) => {
      logger.info(
        {
          direction: 'wordpress-to-salesforce',
          mapping: 'Contact_User',
          wordpressId: 21,
          salesforceId: '0035g00000000XYAAQ',
          operation: 'create',
          outcome: 'Success',
          detail: 'Created Contact 0035g00000000XYAAQ',
        },
        'record synced',
      );
    });
    expect(created).toMatch(/user 21 +→ Contact 0035g00000000XYAAQ {2}created$/);
    const trashed = one((logger) => {
      logger.info(
        {
          direction: 'salesforce-to-wordpress',
          mapping: 'Account_Organization',
          operation: 'DELETE',
          salesforceId: '0015g000000000DAAQ',
          wordpressId: 9,
          outcome: 'Success',
          detail: 'WordPress organization 9 moved to the trash',
        },
        'record synced',
      );
    });
    expect(trashed).toMatch(/→ organization 9 {2}trashed$/);
  });

  it('shows conflicts a merge reported after the outcome', () => {
    const line = one((logger) => {
      logger.info(
        {
          direction: 'salesforce-to-wordpress',
          mapping: 'Contact_User',
          operation: 'UPDATE',
          salesforceId: '0035g000000000FAAQ',
          wordpressId: 4,
          outcome: 'Success',
          detail: 'Updated WordPress user 4 (LastName); conflicts: Email (WordPress newer)',
        },
        'record synced',
      );
    });
    expect(line).toMatch(/updated \(LastName\) — conflicts: Email \(WordPress newer\)$/);
  });

  it('says why a record was skipped, and leaves out a WordPress side it does not have', () => {
    const line = one((logger) => {
      logger.info(
        {
          direction: 'salesforce-to-wordpress',
          mapping: 'Contact_User',
          operation: 'DELETE',
          salesforceId: '0035g000000000FAAQ',
          outcome: 'Skipped',
          detail: 'Deleted before it was ever synced',
        },
        'record synced',
      );
    });
    expect(line).toBe(
      '10:42:01  Salesforce → WordPress  Contact 0035g000000000FAAQ  skipped (Deleted before it was ever synced)',
    );
  });

  it('shows a dead letter with its code and reason, in either direction', () => {
    const [fromSalesforce, fromWordPress] = logged((logger) => {
      logger.error(
        {
          mapping: 'Contact_User',
          salesforceId: '0035g000000000FAAQ',
          code: 'invalid_email',
          reason: 'Invalid email address.',
        },
        'sync failed; dead-lettered',
      );
      logger.error(
        {
          direction: 'wordpress-to-salesforce',
          mapping: 'Contact_User',
          wordpressId: 12,
          code: 'REQUIRED_FIELD_MISSING',
          reason: 'Required fields are missing: [LastName]',
        },
        'sync failed; dead-lettered',
      );
    });
    expect(formatLogRecord(fromSalesforce ?? {}, MAPPINGS)).toBe(
      '10:42:01  Salesforce → WordPress  Contact 0035g000000000FAAQ  failed, dead-lettered: ' +
        'invalid_email: Invalid email address.',
    );
    expect(formatLogRecord(fromWordPress ?? {}, MAPPINGS)).toBe(
      '10:42:01  WordPress → Salesforce  user 12                     failed, dead-lettered: ' +
        'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]',
    );
  });

  it('shows a conflict with both values and the side that won', () => {
    const line = one((logger) => {
      logger.warn(
        {
          direction: 'wordpress-to-salesforce',
          mapping: 'Contact_User',
          salesforceId: '0035g000000000FAAQ',
          wordpressId: 4,
          field: 'LastName',
          salesforceValue: 'Lovelace',
          wordpressValue: 'Byron',
          policy: 'NewestWins',
          winner: 'wordpress',
        },
        'conflict resolved',
      );
    });
    expect(line).toBe(
      '10:42:01  WordPress → Salesforce  Contact 0035g000000000FAAQ  conflict on LastName ' +
        '(Salesforce "Lovelace", WordPress "Byron"): WordPress wins (NewestWins)',
    );
  });

  it('falls back to the mapping name when it does not know the mapping', () => {
    const line = one(
      (logger) => {
        logger.info(
          {
            direction: 'salesforce-to-wordpress',
            mapping: 'Lead_Post',
            operation: 'UPDATE',
            salesforceId: '00Q5g000000000AAAQ',
            wordpressId: 3,
            outcome: 'Success',
            detail: 'Updated WordPress post 3',
          },
          'record synced',
        );
      },
      { utc: true },
    );
    expect(line).toMatch(/Lead_Post record 00Q5g000000000AAAQ {2}→ WordPress 3 {2}updated$/);
  });

  it('shows warnings and errors with their reason, and hides routine info lines', () => {
    const [warning, degraded, routine, command] = logged((logger) => {
      logger.warn('TLS VERIFICATION IS OFF for Salesforce (salesforce.verifyTls: false).');
      logger.error({ reason: 'invalid_grant' }, 'connector degraded');
      logger.info({ url: 'http://127.0.0.1:8881', user: 'admin' }, 'connected to WordPress');
      logger.info({ command: 'Pause' }, 'command received');
    });
    expect(formatLogRecord(warning ?? {}, MAPPINGS)).toBe(
      '10:42:01  warning   TLS VERIFICATION IS OFF for Salesforce (salesforce.verifyTls: false).',
    );
    expect(formatLogRecord(degraded ?? {}, MAPPINGS)).toBe(
      '10:42:01  error     connector degraded: invalid_grant',
    );
    expect(routine).toBeDefined();
    expect(formatLogRecord(routine ?? {}, MAPPINGS)).toBeUndefined();
    expect(formatLogRecord(command ?? {}, MAPPINGS)).toBe(
      '10:42:01  command   Pause from Salesforce',
    );
  });

  it('never prints fields it was not asked to show, such as a redacted token', () => {
    const [record] = logged((logger) => {
      logger.warn(
        { token: 'secret-token-value', reason: 'retrying' },
        'transient failure; retrying',
      );
    });
    const line = formatLogRecord(record ?? {}, MAPPINGS);
    expect(line).toBe('10:42:01  warning   transient failure; retrying: retrying');
    expect(line).not.toContain('secret-token-value');
  });

  it('colours only when asked', () => {
    const [record] = logged((logger) => {
      logger.warn('careful');
    });
    expect(formatLogRecord(record ?? {}, { utc: true, color: true })).toContain('\u001b[');
    expect(formatLogRecord(record ?? {}, { utc: true })).not.toContain('\u001b[');
  });

  it('parses only JSON object lines', () => {
    expect(parseLogLine('{"msg":"x","level":30}')).toEqual({ msg: 'x', level: 30 });
    expect(parseLogLine('plain text')).toBeUndefined();
    expect(parseLogLine('{broken')).toBeUndefined();
    expect(parseLogLine('[1,2]')).toBeUndefined();
  });

  it('understands numeric pino levels too', () => {
    expect(formatLogRecord({ level: 50, msg: 'boom', time: 0 }, { utc: true })).toBe(
      '00:00:00  error     boom',
    );
  });
});
