/**
 * The few DER (ITU-T X.690) encodings an X.509 certificate needs. Each function returns the
 * complete tag-length-value; constructed types take already-encoded children.
 */

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function element(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export function sequence(...children: Buffer[]): Buffer {
  return element(0x30, Buffer.concat(children));
}

export function set(...children: Buffer[]): Buffer {
  return element(0x31, Buffer.concat(children));
}

/** A context-specific, constructed (EXPLICIT) tag: `[number] { child }`. */
export function explicit(number: number, child: Buffer): Buffer {
  return element(0xa0 | number, child);
}

/** A non-negative INTEGER from its unsigned big-endian bytes, minimal as DER requires. */
export function unsignedInteger(value: Buffer | number): Buffer {
  const hex = typeof value === 'number' ? value.toString(16) : '';
  let bytes =
    typeof value === 'number'
      ? Buffer.from(hex.padStart(hex.length + (hex.length % 2), '0'), 'hex')
      : value;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  bytes = bytes.length === 0 ? Buffer.from([0]) : bytes.subarray(start);
  // A set high bit would read as negative in two's complement.
  const sign = (bytes[0] ?? 0) & 0x80 ? Buffer.from([0]) : Buffer.alloc(0);
  return element(0x02, Buffer.concat([sign, bytes]));
}

export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups: number[] = [arc & 0x7f];
    for (let high = Math.floor(arc / 128); high > 0; high = Math.floor(high / 128)) {
      groups.unshift(0x80 | (high & 0x7f));
    }
    bytes.push(...groups);
  }
  return element(0x06, Buffer.from(bytes));
}

export function nullValue(): Buffer {
  return Buffer.from([0x05, 0x00]);
}

export function boolean(value: boolean): Buffer {
  return element(0x01, Buffer.from([value ? 0xff : 0x00]));
}

export function utf8String(text: string): Buffer {
  return element(0x0c, Buffer.from(text, 'utf8'));
}

export function octetString(content: Buffer): Buffer {
  return element(0x04, content);
}

/** A BIT STRING of whole bytes, or with `unusedBits` trailing bits of the last byte unused. */
export function bitString(content: Buffer, unusedBits = 0): Buffer {
  return element(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
}

/**
 * RFC 5280 §4.1.2.5: UTCTime (YYMMDDHHMMSSZ) through 2049, GeneralizedTime from 2050, both in
 * UTC to the second.
 */
export function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-12-06T15:40:05.123Z
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return element(0x17, Buffer.from(digits.slice(2), 'ascii'));
  return element(0x18, Buffer.from(digits, 'ascii'));
}
