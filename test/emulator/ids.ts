/**
 * Salesforce record ids: 15 case-sensitive characters (3-character key prefix, then
 * instance and sequence), plus a 3-character case-safe suffix for the 18-character form.
 * The shape follows jsforce-wire-trace.txt (`005000000000001AAA`); the suffix algorithm is the
 * platform's documented one (not in platform-facts); test/vectors/vectors.ts uses it too.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The case-safe suffix: one character per 5-character chunk, a bit per upper-case letter. */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const char = id15.charAt(chunk * 5 + i);
      if (char >= 'A' && char <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

export function toId18(id: string): string {
  return id.length === 15 ? id + caseSafeSuffix(id) : id;
}

/**
 * Accepts 15- or 18-character ids and returns the 18-character form, or undefined. An
 * 18-character id is case-insensitive: its suffix restores the case of the first 15.
 */
export function normaliseId(value: string): string | undefined {
  if (/^[a-zA-Z0-9]{15}$/.test(value)) return toId18(value);
  if (!/^[a-zA-Z0-9]{18}$/.test(value)) return undefined;
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(value.charAt(15 + chunk).toUpperCase());
    if (bits < 0) return undefined;
    for (let i = 0; i < 5; i++) {
      const char = value.charAt(chunk * 5 + i);
      id15 += (bits & (1 << i)) !== 0 ? char.toUpperCase() : char.toLowerCase();
    }
  }
  const id18 = toId18(id15);
  return id18.toLowerCase() === value.toLowerCase() ? id18 : undefined;
}

export function encodeBase62(value: number, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0) {
    out = BASE62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** Hands out unique 18-character ids for one org. */
export class IdGenerator {
  private sequence = 0;

  next(keyPrefix: string): string {
    this.sequence += 1;
    return toId18(`${keyPrefix}5g00${encodeBase62(this.sequence, 8)}`);
  }

  /** Never hands out `id` again (records restored from a data directory keep their ids). */
  advancePast(id: string): void {
    if (id.slice(3, 7) !== '5g00') return;
    let value = 0;
    for (const char of id.slice(7, 15)) {
      const digit = BASE62.indexOf(char);
      if (digit < 0) return;
      value = value * 62 + digit;
    }
    this.sequence = Math.max(this.sequence, value);
  }
}
