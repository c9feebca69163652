import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WordPressError, WordPressUnavailableError } from '../../src/wordpress/errors.js';
import { WordPressHttp } from '../../src/wordpress/http.js';
import type { RequestRecord } from '../../src/wordpress/types.js';

let server: Server | undefined;

async function serve(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/wp-json`;
}

afterEach(async () => {
  server?.closeAllConnections();
  const running = server;
  server = undefined;
  if (!running) return;
  await new Promise<void>((resolve) => {
    running.close(() => {
      resolve();
    });
  });
});

const secret = 'abcd efgh ijkl mnop qrst uvwx';

describe('WordPressHttp', () => {
  it('sends the application password as basic auth without its spaces', async () => {
    let authorization = '';
    const restRoot = await serve((request, response) => {
      authorization = request.headers.authorization ?? '';
      response.setHeader('Content-Type', 'application/json');
      response.end('{"id":1}');
    });
    const http = new WordPressHttp({
      restRoot,
      username: 'connector',
      applicationPassword: secret,
    });
    const response = await http.request('GET', `${restRoot}/wp/v2/users/me`, { purpose: 'read' });
    expect(response.body).toEqual({ id: 1 });
    expect(Buffer.from(authorization.replace('Basic ', ''), 'base64').toString()).toBe(
      'connector:abcdefghijklmnopqrstuvwx',
    );
  });

  it('rejects a 200 whose body is not JSON, quoting it', async () => {
    const restRoot = await serve((_request, response) => {
      response.end('Notice: Undefined index in plugin.php\n{"id":1}');
    });
    const http = new WordPressHttp({ restRoot, username: 'u', applicationPassword: secret });
    const error = await http
      .request('GET', `${restRoot}/wp/v2/posts/1`, { purpose: 'read' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WordPressError);
    expect((error as WordPressError).code).toBe('sfwp_invalid_json');
    expect((error as Error).message).toContain('Notice: Undefined index');
  });

  it('times out as a retryable error and records the request without credentials', async () => {
    const restRoot = await serve(() => {
      // never answers
    });
    const records: RequestRecord[] = [];
    const http = new WordPressHttp({
      restRoot,
      username: 'u',
      applicationPassword: secret,
      timeoutMs: 200,
      onRequest: (record) => records.push(record),
    });
    const error = await http
      .request('POST', `${restRoot}/wp/v2/posts?x=1`, { purpose: 'write', body: { title: 't' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WordPressUnavailableError);
    expect((error as WordPressError).code).toBe('sfwp_timeout');
    expect(JSON.stringify(records)).not.toContain('abcd');
    expect(records).toEqual([
      expect.objectContaining({
        method: 'POST',
        route: '/wp/v2/posts',
        status: undefined,
        purpose: 'write',
      }),
    ]);
    expect((error as Error).message).not.toContain('abcd');
  });
});
