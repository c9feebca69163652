import type { WordPressObject } from '../wordpress/types.js';

/**
 * A Salesforce datetime: epoch milliseconds (as Avro carries it) or ISO 8601 text (REST,
 * `2026-11-22T10:00:00.000+0000`). Undefined when blank or not a date.
 */
export function salesforceDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'number' && (typeof value !== 'string' || value === '')) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** WordPress writes GMT times without a zone (`2026-11-22T10:00:00`). */
function parseGmt(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * When a WordPress object last changed: `modified_gmt` for posts, and for users (which have
 * no such field) the `sfwp_modified_gmt` the companion plugin keeps (milliseconds; posts whole
 * seconds).
 */
export function wordPressChangedAt(object: WordPressObject): Date | undefined {
  const fields = object as unknown as Record<string, unknown>;
  return parseGmt(fields.modified_gmt ?? fields.sfwp_modified_gmt);
}
