import { Secret } from '../config/index.js';

/**
 * The config as plain data for printing: every {@link Secret} becomes `[redacted] (from …)`, so
 * the operator sees where each credential is read from and never its value.
 */
export function printableConfig(value: unknown): unknown {
  if (value instanceof Secret) return `[redacted] (from ${value.source})`;
  if (Array.isArray(value)) return value.map(printableConfig);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, printableConfig(inner)]),
  );
}
