/**
 * The admin preview server (loopback only): the built admin app and SLDS, a same-origin proxy to
 * an in-process org emulator's REST API, an admin session for the page, and the two things the
 * emulator needs for the app beyond REST (test/emulator/admin-preview-support): custom metadata
 * deployments and platform events as Server-Sent Events for lightning/empApi.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MetadataDeployments,
  type CustomMetadataDeployRecord,
} from '../emulator/admin-preview-support/metadata-deployments.js';
import { streamEvents } from '../emulator/admin-preview-support/event-stream.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { buildAdminPreview, DEFAULT_OUT_DIR, isPreviewFresh } from './build.js';
import { seedPreviewData, type SeededData } from './seed.js';

const SLDS_ASSETS = fileURLToPath(
  new URL('../../node_modules/@salesforce-ux/design-system/assets', import.meta.url),
);
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export interface AdminPreviewOptions {
  /** @defaultValue 0 (a free port) */
  port?: number;
  /** Where the built app is. @defaultValue test-results/admin-preview */
  outDir?: string;
  /** Build even when an up-to-date bundle exists. @defaultValue false */
  rebuild?: boolean;
  /** @defaultValue 3000 */
  heartbeatMs?: number;
}

export interface RunningAdminPreview {
  url: string;
  emulator: RunningEmulator;
  seeded: SeededData;
  deployments: MetadataDeployments;
  stop(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendFile(response: ServerResponse, root: string, relative: string): void {
  const path = normalize(join(root, relative));
  if (!path.startsWith(root + sep) || !existsSync(path)) {
    response.writeHead(404).end('not found');
    return;
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
  });
  response.end(readFileSync(path));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** An access token for `user` (the admin by default) through the password flow. */
export async function login(
  emulator: RunningEmulator,
  user: 'admin' | 'integration' = 'admin',
): Promise<string> {
  const { credentials } = emulator;
  const account = credentials[user];
  const response = await fetch(emulator.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      username: account.username,
      password: account.password + account.securityToken,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`${user} login failed: ${body.error_description ?? ''}`);
  return body.access_token;
}

async function proxy(
  emulator: RunningEmulator,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type', 'sforce-query-options']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
  const upstream = await fetch(`${emulator.instanceUrl}${request.url ?? '/'}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const outHeaders: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (name === 'content-type' || name === 'sforce-limit-info') outHeaders[name] = value;
  });
  response.writeHead(upstream.status, outHeaders);
  response.end(Buffer.from(await upstream.arrayBuffer()));
}

export async function startAdminPreview(
  options: AdminPreviewOptions = {},
): Promise<RunningAdminPreview> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  if (options.rebuild === true || !isPreviewFresh(outDir)) {
    await buildAdminPreview(outDir);
  }
  const emulator = await startEmulator();
  const accessToken = await login(emulator);
  const seeded = seedPreviewData(emulator, options.heartbeatMs ?? 3000);
  const deployments = new MetadataDeployments({
    org: emulator.org,
    username: emulator.credentials.admin.username,
  });

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    const handle = async () => {
      if (url.pathname.startsWith('/services/')) return proxy(emulator, request, response);
      if (route === 'GET /') {
        sendFile(response, outDir, 'index.html');
        return;
      }
      if (route === 'GET /bundle.js') {
        sendFile(response, outDir, 'bundle.js');
        return;
      }
      if (url.pathname.startsWith('/slds/')) {
        sendFile(response, SLDS_ASSETS, url.pathname.slice('/slds/'.length));
        return;
      }
      if (route === 'GET /admin-preview/session') {
        sendJson(response, 200, { accessToken });
        return;
      }
      if (route === 'POST /admin-preview/metadata/deployments') {
        const { mappingName, records } = JSON.parse(await readBody(request)) as {
          mappingName: string;
          records: CustomMetadataDeployRecord[];
        };
        sendJson(response, 201, { id: deployments.enqueue(records, mappingName) });
        return;
      }
      if (route === 'GET /admin-preview/events') {
        const channel = url.searchParams.get('channel') ?? '';
        const replayId = Number(url.searchParams.get('replayId') ?? '-1');
        streamEvents(emulator.bus, channel, replayId, response);
        return;
      }
      response.writeHead(404).end('not found');
    };
    handle().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, [{ message: String(error) }]);
      else response.end();
    });
  });
  await new Promise<void>((ready) => server.listen(options.port ?? 0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    emulator,
    seeded,
    deployments,
    async stop() {
      seeded.stopHeartbeats();
      deployments.close();
      server.closeAllConnections();
      await new Promise<void>((closed) =>
        server.close(() => {
          closed();
        }),
      );
      await emulator.stop();
    },
  };
}
