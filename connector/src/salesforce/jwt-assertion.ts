import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

export interface JwtAssertionInput {
  /** Connected app / external client app consumer key. */
  clientId: string;
  /** The Salesforce username the connector acts as. */
  username: string;
  /** `https://login.salesforce.com`, `https://test.salesforce.com` or the community/My Domain URL. */
  audience: string;
  /** PEM private key matching the certificate uploaded to the app. */
  privateKeyPem: string;
  now?: Date;
  /** Seconds until `exp`; Salesforce accepts up to 3 minutes (platform-facts: JWT bearer). */
  lifetimeSeconds?: number;
}

export class JwtAssertionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JwtAssertionError';
  }
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function loadKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') {
      throw new JwtAssertionError(
        `the private key is ${String(key.asymmetricKeyType)}; JWT bearer needs RSA (RS256)`,
      );
    }
    return key;
  } catch (error) {
    if (error instanceof JwtAssertionError) throw error;
    throw new JwtAssertionError(
      'the private key is not a readable PEM key (salesforce.auth.privateKey)',
      {
        cause: error,
      },
    );
  }
}

/**
 * The signed assertion of the OAuth 2.0 JWT bearer flow (RFC 7523): RS256 over
 * `{iss: clientId, sub: username, aud: login URL, exp}`, as Salesforce documents it.
 */
export function createJwtAssertion(input: JwtAssertionInput): string {
  const key = loadKey(input.privateKeyPem);
  const issuedAt = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256' }));
  const claims = base64url(
    JSON.stringify({
      iss: input.clientId,
      sub: input.username,
      aud: input.audience.replace(/\/+$/, ''),
      exp: issuedAt + (input.lifetimeSeconds ?? 180),
    }),
  );
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), key);
  return `${header}.${claims}.${base64url(signature)}`;
}
