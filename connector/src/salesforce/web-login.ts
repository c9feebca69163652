import { createHash, randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Connection } from 'jsforce';
import type { Config } from '../config/load-config.js';
import { SalesforceAuthError } from './errors.js';

export interface WebLoginOptions {
  /** Loopback port of the callback; must match the app's callback URL. 1717 by default. */
  port?: number;
  /** Shows the URL the operator opens in a browser. */
  print(line: string): void;
  /** Gives up after this long without a callback. */
  timeoutMs?: number;
}

export interface WebLoginResult {
  instanceUrl: string;
  organizationId: string;
  userId: string;
  /** Where the refresh token was written (never printed). */
  storedIn: string;
}

/** RFC 7636: 43–128 characters (jsforce's own verifier is longer, which Salesforce refuses). */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * `sfwp auth login`: the OAuth 2.0 web-server flow with PKCE (S256) and a loopback callback.
 * Stores the refresh token in the file `salesforce.auth.refreshToken` points at (mode 0600).
 */
export async function webLogin(config: Config, options: WebLoginOptions): Promise<WebLoginResult> {
  const auth = config.salesforce.auth;
  if (auth.method !== 'refresh-token') {
    throw new SalesforceAuthError(
      '`sfwp auth login` is for salesforce.auth.method: refresh-token.',
    );
  }
  const target = auth.refreshToken.source.startsWith('file ')
    ? auth.refreshToken.source.slice(5)
    : undefined;
  if (!target) {
    throw new SalesforceAuthError(
      `salesforce.auth.refreshToken comes from ${auth.refreshToken.source}; point it at a file ({ file: /path }) so the token can be stored.`,
    );
  }
  const { verifier, challenge } = createPkcePair();
  const state = randomBytes(16).toString('base64url');
  const port = options.port ?? 1717;
  let redirectUri = `http://127.0.0.1:${port}/oauth/callback`;

  const code = await new Promise<string>((resolve, reject) => {
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', redirectUri);
      if (url.pathname !== '/oauth/callback') {
        response.writeHead(404).end();
        return;
      }
      const finish = (status: number, text: string, outcome: () => void): void => {
        response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
        clearTimeout(timer);
        server.close();
        outcome();
      };
      if (url.searchParams.get('state') !== state) {
        finish(400, 'State mismatch: start `sfwp auth login` again.', () => {
          reject(
            new SalesforceAuthError(
              'The OAuth callback carried the wrong state; nothing was stored.',
            ),
          );
        });
        return;
      }
      const error = url.searchParams.get('error');
      const received = url.searchParams.get('code');
      if (error || !received) {
        finish(400, `Salesforce said: ${error ?? 'no code'}`, () => {
          reject(
            new SalesforceAuthError(
              `Salesforce refused the login: ${error ?? 'no authorization code'} ${url.searchParams.get('error_description') ?? ''}`,
            ),
          );
        });
        return;
      }
      finish(200, 'sfwp is authorised. You can close this window.', () => {
        resolve(received);
      });
    });
    const timer = setTimeout(() => {
      server.close();
      reject(new SalesforceAuthError('No login within the time allowed; nothing was stored.'));
    }, options.timeoutMs ?? 300_000);
    server.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new SalesforceAuthError(
          `Cannot listen on ${redirectUri}: ${error.message}. Choose another --port.`,
        ),
      );
    });
    server.listen(port, '127.0.0.1', () => {
      const actualPort = (server.address() as AddressInfo).port;
      redirectUri = `http://127.0.0.1:${actualPort}/oauth/callback`;
      const authorize = new URL('/services/oauth2/authorize', config.salesforce.loginUrl);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: auth.clientId,
        redirect_uri: redirectUri,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state,
      }).toString();
      options.print(`Open this URL in a browser and log in:\n  ${authorize.toString()}`);
    });
  });

  const connection = new Connection({
    oauth2: {
      loginUrl: config.salesforce.loginUrl,
      clientId: auth.clientId,
      ...(auth.clientSecret ? { clientSecret: auth.clientSecret.reveal() } : {}),
      redirectUri,
    },
    version: config.salesforce.apiVersion,
  });
  let response;
  try {
    response = await connection.oauth2.requestToken({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
    });
  } catch (error) {
    throw new SalesforceAuthError(
      `Exchanging the authorization code failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!response.refresh_token) {
    throw new SalesforceAuthError(
      'Salesforce returned no refresh token: give the app the refresh_token (offline_access) scope.',
    );
  }
  // A new file created 0600 and renamed over the old one: the token is never readable by others.
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${response.refresh_token}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temporary, target);
  const [organizationId = '', userId = ''] = response.id.split('/').slice(-2);
  return { instanceUrl: response.instance_url, organizationId, userId, storedIn: target };
}
