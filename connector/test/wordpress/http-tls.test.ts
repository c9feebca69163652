/**
 * `wordpress.verifyTls`: the WordPress client verifies certificates unless told not to, and the
 * opt-out applies to that client alone, never to the process.
 */
import { get as httpsGet } from 'node:https';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WordPressUnavailableError } from '../../src/wordpress/errors.js';
import { WordPressHttp } from '../../src/wordpress/http.js';
import { WpapiWordPressClient } from '../../src/wordpress/wpapi-client.js';
import { createSelfSignedCertificate } from '../../../test/emulator/tls.js';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  origin: string | undefined;
  body: string;
}

let server: Server;
let siteUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  const certificate = await createSelfSignedCertificate('127.0.0.1');
  server = createServer(
    { key: certificate.privateKeyPem, cert: certificate.certificatePem },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const origin = request.headers['x-sfwp-origin'];
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          authorization: request.headers.authorization,
          origin: Array.isArray(origin) ? origin[0] : origin,
          body,
        });
        response.setHeader('content-type', 'application/json');
        response.setHeader('x-wp-total', '7');
        response.end(
          request.url?.startsWith('/wp-json/wp/v2/users/me')
            ? JSON.stringify({ id: 3, username: 'sfwp', name: 'sfwp' })
            : JSON.stringify({ echoed: body === '' ? null : (JSON.parse(body) as unknown) }),
        );
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  siteUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
});

function client(verifyTls?: boolean): WordPressHttp {
  return new WordPressHttp({
    restRoot: `${siteUrl}/wp-json`,
    username: 'sfwp',
    applicationPassword: 'abcd efgh ijkl mnop qrst uvwx',
    ...(verifyTls === undefined ? {} : { verifyTls }),
  });
}

async function refusal(http: WordPressHttp): Promise<WordPressUnavailableError> {
  const before = seen.length;
  const error = await http
    .request('GET', `${siteUrl}/wp-json/wp/v2/posts`, { purpose: 'read' })
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(WordPressUnavailableError);
  expect(seen.length, 'no request reached the server').toBe(before);
  return error as WordPressUnavailableError;
}

/** What node:https (the module, not fetch) makes of the server with its defaults. */
function plainHttpsGet(): Promise<string> {
  return new Promise((resolve) => {
    httpsGet(`${siteUrl}/wp-json/`, (response) => {
      response.resume();
      resolve(`HTTP ${String(response.statusCode)}`);
    }).on('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code ?? error.message);
    });
  });
}

describe('WordPressHttp and TLS verification', () => {
  it('refuses a self-signed certificate by default, naming the certificate problem', async () => {
    const error = await refusal(client());
    expect(error.message).toContain('TLS certificate not trusted');
    expect(error.message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(error.code).toBe('sfwp_unreachable');
  });

  it('refuses it with verifyTls: true too', async () => {
    const error = await refusal(client(true));
    expect(error.message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('accepts it with verifyTls: false, with headers, body and answer intact', async () => {
    const http = client(false);
    const before = seen.length;
    const response = await http.request('POST', `${siteUrl}/wp-json/wp/v2/posts?x=1`, {
      body: { title: 'over TLS' },
      purpose: 'write',
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ echoed: { title: 'over TLS' } });
    expect(response.headers.get('x-wp-total')).toBe('7');
    const request = seen.slice(before);
    expect(request).toHaveLength(1);
    expect(request[0]).toMatchObject({ method: 'POST', url: '/wp-json/wp/v2/posts?x=1' });
    expect(
      Buffer.from((request[0]?.authorization ?? '').replace(/^Basic /, ''), 'base64').toString(),
    ).toBe('sfwp:abcdefghijklmnopqrstuvwx');
  });

  it('keeps the opt-out to that client: other clients, fetch and node:https still verify', async () => {
    const insecure = client(false);
    await insecure.request('GET', `${siteUrl}/wp-json/wp/v2/posts`, { purpose: 'read' });
    await refusal(client());
    const viaFetch = await fetch(`${siteUrl}/wp-json/`).then(
      () => 'answered',
      (error: unknown) => (error as { cause?: { code?: string } }).cause?.code ?? 'failed',
    );
    expect(viaFetch).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(await plainHttpsGet()).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    // And the insecure client still works after all that.
    const again = await insecure.request('GET', `${siteUrl}/wp-json/wp/v2/posts`, {
      purpose: 'read',
    });
    expect(again.status).toBe(200);
  });

  it('is threaded through WpapiWordPressClient, signed origin headers included', async () => {
    const options = {
      siteUrl,
      username: 'sfwp',
      applicationPassword: 'abcd efgh ijkl mnop qrst uvwx',
      originSecret: 's'.repeat(32),
    };
    await expect(new WpapiWordPressClient(options).currentUser()).rejects.toThrow(
      /TLS certificate not trusted/,
    );
    const before = seen.length;
    const me = await new WpapiWordPressClient({ ...options, verifyTls: false }).currentUser();
    expect(me.id).toBe(3);
    expect(seen.slice(before)[0]?.origin).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
