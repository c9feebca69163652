import { describe, expect, it } from 'vitest';
import {
  bitString,
  boolean,
  objectIdentifier,
  octetString,
  sequence,
  time,
  unsignedInteger,
  utf8String,
} from '../../../src/cli/init/der.js';

const hex = (buffer: Buffer): string => buffer.toString('hex');

describe('DER encoder', () => {
  it('encodes object identifiers in base 128 (sha256WithRSAEncryption, commonName)', () => {
    expect(hex(objectIdentifier('1.2.840.113549.1.1.11'))).toBe('06092a864886f70d01010b');
    expect(hex(objectIdentifier('2.5.4.3'))).toBe('0603550403');
  });

  it('encodes non-negative integers minimally, with a zero byte before a set high bit', () => {
    expect(hex(unsignedInteger(2))).toBe('020102');
    expect(hex(unsignedInteger(0))).toBe('020100');
    expect(hex(unsignedInteger(0x80))).toBe('02020080');
    expect(hex(unsignedInteger(0x1234))).toBe('02021234');
    expect(hex(unsignedInteger(Buffer.from([0, 0, 0x7f])))).toBe('02017f');
    expect(hex(unsignedInteger(Buffer.from([0xff, 1])))).toBe('020300ff01');
  });

  it('uses the short length form below 128 bytes and the long form from 128', () => {
    expect(hex(octetString(Buffer.alloc(127))).slice(0, 4)).toBe('047f');
    expect(hex(octetString(Buffer.alloc(128))).slice(0, 6)).toBe('048180');
    expect(hex(octetString(Buffer.alloc(300))).slice(0, 8)).toBe('0482012c');
    expect(hex(octetString(Buffer.alloc(70_000))).slice(0, 10)).toBe('0483011170');
    expect(sequence(octetString(Buffer.alloc(70_000))).length).toBe(70_000 + 5 + 5);
  });

  it('encodes the primitive types a certificate uses', () => {
    expect(hex(sequence())).toBe('3000');
    expect(hex(boolean(true))).toBe('0101ff');
    expect(hex(utf8String('é'))).toBe('0c02c3a9');
    expect(hex(bitString(Buffer.from([0x80]), 7))).toBe('03020780');
  });

  it('writes UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    const utc = time(new Date('2049-12-31T23:59:59.900Z'));
    expect(utc[0]).toBe(0x17);
    expect(utc.subarray(2).toString('ascii')).toBe('491231235959Z');
    const generalized = time(new Date('2050-01-01T00:00:00Z'));
    expect(generalized[0]).toBe(0x18);
    expect(generalized.subarray(2).toString('ascii')).toBe('20500101000000Z');
  });
});
