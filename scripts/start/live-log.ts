/**
 * The demo's live log: turns the connector's pino JSON lines into one readable line per change,
 * in either direction, e.g.
 *
 *   10:42:01  Salesforce → WordPress  Contact 0035g00000AbCdEAAZ  → user 17  updated (Email, LastName)
 *
 * Pure: lines in, text out (undefined for lines the live log leaves to the JSON log file).
 */
import { styleText } from 'node:util';

/** One parsed pino line. */
export type LogRecord = Record<string, unknown>;

/** What a mapping connects, for labels like "Contact … → user 17". */
export interface MappingLabel {
  salesforceObject: string;
  wordpressType: string;
}

export interface LiveLogOptions {
  /** The mapping's Salesforce object and WordPress type; else the line's own, else its name. */
  describeMapping?: (mapping: string) => MappingLabel | undefined;
  /** Times in UTC instead of local time. @defaultValue false */
  utc?: boolean;
  /** ANSI colours (a terminal). @defaultValue false */
  color?: boolean;
}

const DIRECTIONS: Record<string, string> = {
  'salesforce-to-wordpress': 'Salesforce → WordPress',
  'wordpress-to-salesforce': 'WordPress → Salesforce',
};

/** A short word in the column where the direction goes. */
function tag(word: string): string {
  return `${word.padEnd(8)}  `;
}

/** Info lines worth a line of their own besides record outcomes (warnings and errors always are). */
const NOTABLE_INFO: Record<string, (record: LogRecord) => string> = {
  'command received': (record) =>
    `${tag('command')}${text(record.command)} from Salesforce` +
    (record.mapping ? ` (mapping ${text(record.mapping)})` : ''),
  recovered: () => `${tag('recovered')}Salesforce and WordPress accept the credentials again`,
  'dead letters retried on request': (record) =>
    `${tag('retried')}${String(Array.isArray(record.deadLetters) ? record.deadLetters.length : 0)} dead letter(s)`,
  'reconciliation done (replay id had expired)': (record) =>
    `${tag('reconciled')}${text(record.records)} record(s) changed since ${text(record.since)}`,
};

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Parses one pino line; undefined for anything that is not a JSON object. */
export function parseLogLine(line: string): LogRecord | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as LogRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

function clock(record: LogRecord, utc: boolean): string {
  const raw = record.time;
  const date = typeof raw === 'string' || typeof raw === 'number' ? new Date(raw) : new Date();
  const valid = Number.isNaN(date.getTime()) ? new Date() : date;
  const parts = utc
    ? [valid.getUTCHours(), valid.getUTCMinutes(), valid.getUTCSeconds()]
    : [valid.getHours(), valid.getMinutes(), valid.getSeconds()];
  return parts.map((part) => String(part).padStart(2, '0')).join(':');
}

/** pino's level as a word: the connector logs labels, plain pino logs numbers. */
export function levelOf(record: LogRecord): string {
  const level = record.level;
  if (typeof level === 'string') return level;
  if (typeof level !== 'number') return 'info';
  if (level >= 60) return 'fatal';
  if (level >= 50) return 'error';
  if (level >= 40) return 'warn';
  if (level >= 30) return 'info';
  return level >= 20 ? 'debug' : 'trace';
}

function labelsFor(record: LogRecord, options: LiveLogOptions): MappingLabel | undefined {
  const mapping = text(record.mapping);
  const described = options.describeMapping?.(mapping);
  if (described) return described;
  if (typeof record.object === 'string' && typeof record.wordpressType === 'string') {
    return { salesforceObject: record.object, wordpressType: record.wordpressType };
  }
  return undefined;
}

function salesforceSide(record: LogRecord, labels: MappingLabel | undefined): string {
  const id = text(record.salesforceId);
  const object = labels?.salesforceObject ?? `${text(record.mapping)} record`;
  return `${object} ${id === '' ? '(new)' : id}`;
}

function wordpressSide(record: LogRecord, labels: MappingLabel | undefined): string | undefined {
  if (record.wordpressId === undefined || record.wordpressId === null) return undefined;
  return `${labels?.wordpressType ?? 'WordPress'} ${text(record.wordpressId)}`;
}

/** "created", "updated", "trashed", …: the detail says best, the operation otherwise. */
function verbOf(record: LogRecord): string {
  const detail = text(record.detail).toLowerCase();
  const leading = /^(created|updated)\b/.exec(detail)?.[1];
  if (leading !== undefined) return leading;
  if (detail.includes('trash')) return 'trashed';
  if (/\bdeleted\b/.test(detail)) return 'deleted';
  if (/\bcreated\b/.test(detail)) return 'created';
  if (/\bupdated\b/.test(detail)) return 'updated';
  switch (text(record.operation).toUpperCase()) {
    case 'CREATE':
      return 'created';
    case 'DELETE':
      return 'deleted';
    case 'UNDELETE':
      return 'restored';
    case 'UPSERT':
      return 'upserted';
    default:
      return 'updated';
  }
}

/**
 * The fields written: a `changedFields` list when the line has one, else the detail's own
 * "Updated WordPress user 17 (Email, LastName)".
 */
function fieldList(record: LogRecord): readonly string[] {
  const own = record.changedFields;
  const listed = Array.isArray(own)
    ? own.map(text)
    : typeof own === 'string'
      ? own.split(',')
      : (/^(?:Created|Updated) [^(;]*\(([^)]*)\)/.exec(text(record.detail))?.[1]?.split(',') ?? []);
  return listed.map((field) => field.trim()).filter((field) => field !== '');
}

/** "; conflicts: …" at the end of a detail (a NewestWins merge), shown after the outcome. */
function conflictsOf(record: LogRecord): string {
  const detail = text(record.detail);
  const at = detail.indexOf('; conflicts:');
  return at < 0 ? '' : ` —${detail.slice(at + 1)}`;
}

function paint(options: LiveLogOptions, style: 'red' | 'yellow' | 'dim' | 'green', value: string) {
  return options.color === true ? styleText(style, value, { validateStream: false }) : value;
}

function recordSynced(record: LogRecord, options: LiveLogOptions): string {
  const direction = text(record.direction);
  const labels = labelsFor(record, options);
  const toWordPress = direction !== 'wordpress-to-salesforce';
  const salesforce = salesforceSide(record, labels);
  const wordpress = wordpressSide(record, labels);
  const [source, target] = toWordPress ? [salesforce, wordpress] : [wordpress, salesforce];
  const route = `${(source ?? '').padEnd(26)}${target === undefined ? '' : `  → ${target}`}`;
  let outcome: string;
  if (record.outcome === 'Skipped') {
    outcome = paint(options, 'dim', `skipped (${text(record.detail) || 'nothing to do'})`);
  } else {
    const fields = fieldList(record);
    const verb = verbOf(record);
    outcome = paint(
      options,
      'green',
      `${verb}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}${conflictsOf(record)}`,
    );
  }
  const label = DIRECTIONS[direction] ?? (direction || 'sync');
  return `${label}  ${route}  ${outcome}`;
}

/**
 * A record that went to the dead-letter queue. Lines without a direction come from the
 * Salesforce → WordPress event path.
 */
function deadLettered(record: LogRecord, options: LiveLogOptions): string {
  const direction = text(record.direction) || 'salesforce-to-wordpress';
  const labels = labelsFor(record, options);
  const what =
    direction === 'wordpress-to-salesforce'
      ? (wordpressSide(record, labels) ?? 'WordPress object')
      : salesforceSide(record, labels);
  const code = text(record.code);
  const label = DIRECTIONS[direction] ?? direction;
  return paint(
    options,
    'red',
    `${label}  ${what.padEnd(26)}  failed, dead-lettered: ${code}${code ? ': ' : ''}${text(record.reason)}`,
  );
}

/** A field both sides changed, and which side the mapping's policy let win. */
function conflict(record: LogRecord, options: LiveLogOptions): string {
  const direction = text(record.direction);
  const labels = labelsFor(record, options);
  const label = DIRECTIONS[direction] ?? (direction || 'sync');
  const winner = record.winner === 'wordpress' ? 'WordPress' : 'Salesforce';
  const values = `Salesforce ${JSON.stringify(record.salesforceValue ?? null)}, WordPress ${JSON.stringify(record.wordpressValue ?? null)}`;
  return paint(
    options,
    'yellow',
    `${label}  ${salesforceSide(record, labels).padEnd(26)}  conflict on ${text(record.field)} ` +
      `(${values}): ${winner} wins (${text(record.policy)})`,
  );
}

function problem(record: LogRecord, level: string, options: LiveLogOptions): string {
  const reason = record.reason ?? (record.err as { message?: unknown } | undefined)?.message;
  const where = [record.mapping, record.salesforceId].filter((v) => v !== undefined).map(text);
  const message = `${text(record.msg)}${reason === undefined ? '' : `: ${text(reason)}`}${
    where.length > 0 ? ` (${where.join(' ')})` : ''
  }`;
  const word = level === 'warn' ? 'warning' : level;
  return paint(options, level === 'warn' ? 'yellow' : 'red', `${tag(word)}${message}`);
}

/**
 * One line for the live log, or undefined when the record belongs only in the JSON log
 * (connection details, debug output, and so on).
 */
export function formatLogRecord(
  record: LogRecord,
  options: LiveLogOptions = {},
): string | undefined {
  const level = levelOf(record);
  const msg = text(record.msg);
  let body: string | undefined;
  if (msg === 'record synced') body = recordSynced(record, options);
  else if (msg === 'sync failed; dead-lettered') body = deadLettered(record, options);
  else if (msg === 'conflict resolved') body = conflict(record, options);
  else if (level === 'warn' || level === 'error' || level === 'fatal')
    body = problem(record, level, options);
  else if (level === 'info') body = NOTABLE_INFO[msg]?.(record);
  if (body === undefined) return undefined;
  return `${paint(options, 'dim', clock(record, options.utc === true))}  ${body}`;
}
