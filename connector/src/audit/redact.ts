/** Field names whose values are credentials, as the logger's redaction knows them. */
const SECRET_NAME = /pass(word)?|secret|token|private.?key|assertion|authori[sz]ation|signature/i;

/** Longest text an audit report shows of one value. */
const SHOWN_CHARS = 200;

/**
 * A value as an audit report shows it: `[redacted]` for a field named like a credential,
 * long text shortened.
 */
export function shownValue(field: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (SECRET_NAME.test(field)) return '[redacted]';
  if (typeof value === 'string' && value.length > SHOWN_CHARS)
    return `${value.slice(0, SHOWN_CHARS)}…`;
  return value;
}
