import { createHash, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  nullValue,
  objectIdentifier,
  octetString,
  sequence,
  set,
  time,
  unsignedInteger,
  utf8String,
} from './der.js';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';
const SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
const KEY_USAGE = '2.5.29.15';
const BASIC_CONSTRAINTS = '2.5.29.19';

export const DEFAULT_COMMON_NAME = 'sfwp connector';
export const DEFAULT_VALIDITY_YEARS = 2;

export interface SelfSignedCertificateOptions {
  /** The RSA key that signs the certificate; its public half is the certificate's key. */
  privateKey: KeyObject;
  /** @defaultValue 'sfwp connector' */
  commonName?: string;
  /** @defaultValue now */
  notBefore?: Date;
  /** @defaultValue 2 */
  validityYears?: number;
}

export interface SelfSignedCertificate {
  pem: string;
  notBefore: Date;
  notAfter: Date;
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(objectIdentifier(COMMON_NAME), utf8String(commonName))));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** RFC 5280 §4.1.2.2: positive, at most 20 octets; 16 random bytes with the top bit cleared. */
function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes;
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * A self-signed X.509 v3 certificate (RFC 5280) for an RSA key, signed with SHA-256: what an
 * External Client App takes to verify the connector's JWT bearer assertions. node:crypto parses
 * certificates but cannot make one, so the DER is built here (see ./der.ts).
 */
export function createSelfSignedCertificate(
  options: SelfSignedCertificateOptions,
): SelfSignedCertificate {
  const { privateKey } = options;
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`a ${String(privateKey.asymmetricKeyType)} key; the certificate needs RSA`);
  }
  const publicKey = createPublicKey(privateKey);
  const notBefore = new Date(Math.floor((options.notBefore ?? new Date()).getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(
    notAfter.getUTCFullYear() + (options.validityYears ?? DEFAULT_VALIDITY_YEARS),
  );
  const signatureAlgorithm = sequence(objectIdentifier(SHA256_WITH_RSA), nullValue());
  const subject = name(options.commonName ?? DEFAULT_COMMON_NAME);
  // RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (PKCS #1 RSAPublicKey).
  const keyIdentifier = createHash('sha1')
    .update(publicKey.export({ type: 'pkcs1', format: 'der' }))
    .digest();
  const extensions = sequence(
    extension(BASIC_CONSTRAINTS, true, sequence()),
    // digitalSignature (bit 0) only: one byte, seven unused bits.
    extension(KEY_USAGE, true, bitString(Buffer.from([0x80]), 7)),
    extension(SUBJECT_KEY_IDENTIFIER, false, octetString(keyIdentifier)),
  );
  const tbsCertificate = sequence(
    explicit(0, unsignedInteger(2)), // v3
    unsignedInteger(serialNumber()),
    signatureAlgorithm,
    subject, // issuer: self-signed
    sequence(time(notBefore), time(notAfter)),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbsCertificate, privateKey);
  const der = sequence(tbsCertificate, signatureAlgorithm, bitString(signature));
  return { pem: toPem(der), notBefore, notAfter };
}
