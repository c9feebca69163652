import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createJwtAssertion, JwtAssertionError } from '../../src/salesforce/jwt-assertion.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('createJwtAssertion', () => {
  it('signs the documented claims with RS256', () => {
    const assertion = createJwtAssertion({
      clientId: '3MVG9-app',
      username: 'integration@example.org',
      audience: 'https://test.salesforce.com/',
      privateKeyPem,
      now: new Date('2026-11-22T10:00:00Z'),
    });
    const [header, claims, signature] = assertion.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({
      iss: '3MVG9-app',
      sub: 'integration@example.org',
      aud: 'https://test.salesforce.com',
      exp: Date.parse('2026-11-22T10:03:00Z') / 1000,
    });
    expect(
      verify(
        'RSA-SHA256',
        Buffer.from(`${header}.${claims}`),
        publicKey,
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
  });

  it('explains an unusable key without echoing it', () => {
    const attempt = (): string =>
      createJwtAssertion({
        clientId: 'a',
        username: 'b',
        audience: 'https://x',
        privateKeyPem: 'not a key',
      });
    expect(attempt).toThrow(JwtAssertionError);
    expect(attempt).toThrow(/not a readable PEM key/);
    const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() =>
      createJwtAssertion({
        clientId: 'a',
        username: 'b',
        audience: 'https://x',
        privateKeyPem: ecKey.toString(),
      }),
    ).toThrow(/needs RSA/);
  });
});
