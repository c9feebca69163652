/**
 * Helpers that drive the emulator's OAuth endpoints the way a browser or a client would:
 * the web server flow's login form, PKCE pairs and JWT assertions.
 */
import { createHash, createSign, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../index.js';

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function pkcePair(): PkcePair {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Logs in through `/services/oauth2/authorize` and returns the code from the redirect. */
export async function authorizationCode(
  emulator: RunningEmulator,
  options: { pkce?: PkcePair; consent?: boolean; state?: string } = {},
): Promise<URL> {
  const { credentials } = emulator;
  const form = new URLSearchParams({
    client_id: credentials.clientId,
    redirect_uri: credentials.callbackUrls[0] ?? '',
    username: credentials.admin.username,
    password: credentials.admin.password,
    ...(options.consent === false ? {} : { consent: 'allow' }),
    ...(options.state !== undefined ? { state: options.state } : {}),
    ...(options.pkce
      ? { code_challenge: options.pkce.challenge, code_challenge_method: 'S256' }
      : {}),
  });
  const response = await fetch(`${emulator.loginUrl}/services/oauth2/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  if (response.status !== 302 || location === null) {
    throw new Error(`expected a redirect, got ${response.status}: ${await response.text()}`);
  }
  return new URL(location);
}

export interface JwtClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
}

export function signJwt(claims: JwtClaims, privateKeyPem: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256')
    .update(unsigned)
    .sign(privateKeyPem)
    .toString('base64url');
  return `${unsigned}.${signature}`;
}

/** A self-signed X.509 certificate and its key, made with the openssl CLI. */
export function selfSignedCertificate(): { certificatePem: string; privateKeyPem: string } {
  const directory = mkdtempSync(join(tmpdir(), 'sfwp-jwt-'));
  try {
    const keyFile = join(directory, 'key.pem');
    const certFile = join(directory, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=sfwp-jwt',
      ],
      { stdio: 'ignore' },
    );
    return {
      certificatePem: readFileSync(certFile, 'utf8'),
      privateKeyPem: readFileSync(keyFile, 'utf8'),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
