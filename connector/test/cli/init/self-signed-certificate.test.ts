import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../../src/cli/init/self-signed-certificate.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const notBefore = new Date('2026-12-06T15:40:05.678Z');
const certificate = createSelfSignedCertificate({ privateKey, notBefore });
const parsed = new X509Certificate(certificate.pem);

const directory = mkdtempSync(join(tmpdir(), 'sfwp-certificate-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function opensslInstalled(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const OPENSSL = opensslInstalled();

describe('createSelfSignedCertificate', () => {
  it('makes a certificate node:crypto parses, for the given key, signed by it', () => {
    expect(certificate.pem).toMatch(
      /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/,
    );
    expect(parsed.checkPrivateKey(privateKey)).toBe(true);
    expect(parsed.verify(parsed.publicKey)).toBe(true);
    expect(parsed.checkPrivateKey(other.privateKey)).toBe(false);
    expect(parsed.verify(other.publicKey)).toBe(false);
    expect(parsed.publicKey.equals(other.publicKey)).toBe(false);
  });

  it('is self-issued to CN=sfwp connector, not a CA, valid two years from the second given', () => {
    expect(parsed.subject).toBe('CN=sfwp connector');
    expect(parsed.issuer).toBe('CN=sfwp connector');
    expect(parsed.ca).toBe(false);
    expect(new Date(parsed.validFrom).toISOString()).toBe('2026-12-06T15:40:05.000Z');
    expect(new Date(parsed.validTo).toISOString()).toBe('2028-12-06T15:40:05.000Z');
    expect(certificate.notAfter.toISOString()).toBe('2028-12-06T15:40:05.000Z');
  });

  it('draws a fresh positive serial number each time', () => {
    const again = new X509Certificate(createSelfSignedCertificate({ privateKey, notBefore }).pem);
    expect(again.serialNumber).not.toBe(parsed.serialNumber);
    expect(parsed.serialNumber).toMatch(/^[0-7][0-9A-F]{31}$/);
  });

  it('takes another name and a validity that ends after 2049', () => {
    const late = new X509Certificate(
      createSelfSignedCertificate({
        privateKey,
        commonName: 'acme sync',
        notBefore: new Date('2049-06-01T00:00:00Z'),
        validityYears: 2,
      }).pem,
    );
    expect(late.subject).toBe('CN=acme sync');
    expect(new Date(late.validTo).toISOString()).toBe('2051-06-01T00:00:00.000Z');
    expect(late.verify(late.publicKey)).toBe(true);
  });

  it('refuses a key that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => createSelfSignedCertificate({ privateKey: ec.privateKey })).toThrow(/needs RSA/);
  });

  it.runIf(OPENSSL)(
    OPENSSL
      ? 'is accepted by openssl x509 as a v3 sha256WithRSAEncryption certificate'
      : 'openssl x509 check SKIPPED: the openssl command is not installed on this machine',
    () => {
      const file = join(directory, 'sfwp.crt');
      writeFileSync(file, certificate.pem);
      const text = execFileSync('openssl', ['x509', '-in', file, '-noout', '-text'], {
        encoding: 'utf8',
      });
      expect(text).toContain('Version: 3 (0x2)');
      expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
      expect(text).toMatch(/Issuer: CN ?= ?sfwp connector/);
      expect(text).toMatch(/Subject: CN ?= ?sfwp connector/);
      expect(text).toContain('Public-Key: (2048 bit)');
      expect(text).toContain('CA:FALSE');
      expect(text).toContain('Digital Signature');
      expect(text).toContain('X509v3 Subject Key Identifier');
      // A self-signed certificate verifies against itself.
      const verified = execFileSync('openssl', ['verify', '-CAfile', file, file], {
        encoding: 'utf8',
      });
      expect(verified.trim()).toBe(`${file}: OK`);
    },
  );
});
