/** A bare fetch-based REST client for unit tests that need exact status codes and bodies. */
import type { RunningEmulator } from '../index.js';

export interface RestAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface RestClient {
  accessToken: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<RestAnswer>;
}

export async function passwordToken(
  emulator: RunningEmulator,
  who: 'admin' | 'integration',
): Promise<string> {
  const user = emulator.credentials[who];
  const response = await fetch(emulator.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: emulator.credentials.clientId,
      client_secret: emulator.credentials.clientSecret,
      username: user.username,
      password: user.password + user.securityToken,
    }),
  });
  const json = (await response.json()) as { access_token?: string };
  if (json.access_token === undefined) throw new Error(`login failed: ${JSON.stringify(json)}`);
  return json.access_token;
}

/** Logs in as the admin (whose changes publish sync events) or the integration user. */
export async function restClient(
  emulator: RunningEmulator,
  who: 'admin' | 'integration' = 'admin',
): Promise<RestClient> {
  const accessToken = await passwordToken(emulator, who);
  return {
    accessToken,
    async call(method, path, body, headers = {}) {
      const url = path.startsWith('http')
        ? path
        : `${emulator.instanceUrl}${path.startsWith('/services') ? '' : '/services/data/v65.0'}${path}`;
      const response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${accessToken}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
    },
  };
}
