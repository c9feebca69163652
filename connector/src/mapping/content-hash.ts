import { createHash } from 'node:crypto';

/** Blank text, null and absent are the same value on both platforms. */
function canonicalValue(value: unknown): unknown {
  if (value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => [key, canonicalValue(inner)] as const)
      .filter(([, inner]) => inner !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
  return value;
}

/** Whether two mapped values are the same on both platforms' terms (blank equals null). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonicalValue(a)) === JSON.stringify(canonicalValue(b));
}

/**
 * A stable fingerprint of mapped values, independent of key order and of blank-vs-null. The
 * sync stores it per record and direction; a write whose fingerprint equals the stored one
 * would not change the other side and is skipped (echo suppression without timing).
 */
export function contentHash(values: Readonly<Record<string, unknown>>): string {
  return createHash('sha256')
    .update(JSON.stringify(canonicalValue(values)))
    .digest('hex');
}
