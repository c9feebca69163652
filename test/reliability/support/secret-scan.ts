/**
 * Looks for secrets in what a run left behind (logs, command output, state files), byte for
 * byte, in the forms a secret takes when it is printed: as is, JSON-escaped the way PHP does
 * (`\/`), URL-encoded, and inside a Basic authorization header.
 */

export interface Secret {
  /** What it is, for the report (never the value). */
  name: string;
  value: string;
}

export interface Corpus {
  /** Where the bytes come from: a file path, a command, a stream. */
  source: string;
  content: Buffer;
}

export interface Finding {
  secret: string;
  source: string;
  /** Byte offset of the first occurrence. */
  offset: number;
}

/** Shorter values would match by chance; a secret this short is a test bug. */
export const MIN_SECRET_LENGTH = 12;

/** The printed forms of a value worth looking for. */
function forms(value: string): string[] {
  return [
    ...new Set([
      value,
      value.replace(/\//g, '\\/'),
      encodeURIComponent(value),
      JSON.stringify(value).slice(1, -1),
    ]),
  ];
}

/** A secret and the variants it is sent as (application passwords with and without spaces). */
export function secret(name: string, value: string): Secret[] {
  const secrets: Secret[] = [{ name, value }];
  const compact = value.replace(/\s+/g, '');
  if (compact !== value) secrets.push({ name: `${name} (without spaces)`, value: compact });
  return secrets;
}

/** HTTP Basic credentials: the password, and the header value that carries it. */
export function basicCredentials(name: string, username: string, password: string): Secret[] {
  return [
    ...secret(name, password),
    {
      name: `${name} (Basic header)`,
      value: Buffer.from(`${username}:${password.replace(/\s+/g, '')}`).toString('base64'),
    },
  ];
}

/**
 * A PEM private key: the whole PEM, its base64 body on one line, and every line of the body,
 * so a key printed in part (one line in a stack trace) is caught too.
 */
export function pemSecrets(name: string, pem: string): Secret[] {
  const lines = pem
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('-----'));
  return [
    { name: `${name} (PEM)`, value: pem.trim() },
    { name: `${name} (body)`, value: lines.join('') },
    ...lines
      .filter((line) => line.length >= MIN_SECRET_LENGTH)
      .map((line, index) => ({ name: `${name} (line ${String(index + 1)})`, value: line })),
  ];
}

export interface ScanResult {
  findings: Finding[];
  /** Bytes looked through (the sum of the corpus sizes). */
  bytes: number;
  /** Distinct secret values looked for. */
  secrets: number;
}

export function scanForSecrets(secrets: readonly Secret[], corpus: readonly Corpus[]): ScanResult {
  const distinct = new Map<string, string>();
  for (const candidate of secrets) {
    if (candidate.value.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `${candidate.name} is ${String(candidate.value.length)} characters; the scan needs at least ${String(MIN_SECRET_LENGTH)}`,
      );
    }
    if (!distinct.has(candidate.value)) distinct.set(candidate.value, candidate.name);
  }
  const findings: Finding[] = [];
  for (const [value, name] of distinct) {
    const needles = forms(value).map((form) => Buffer.from(form, 'utf8'));
    for (const item of corpus) {
      for (const needle of needles) {
        const offset = item.content.indexOf(needle);
        if (offset >= 0) {
          findings.push({ secret: name, source: item.source, offset });
          break;
        }
      }
    }
  }
  return {
    findings,
    bytes: corpus.reduce((sum, item) => sum + item.content.length, 0),
    secrets: distinct.size,
  };
}
