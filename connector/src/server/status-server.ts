import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ConnectorMetrics } from '../observability/metrics.js';
import type { ConnectorStatus } from '../engine/status.js';
import { verifyWebhook } from '../wordpress/origin-signature.js';
import { bearerTokenMatches } from './bearer-token.js';
import { healthzReply } from './health.js';
import { error, header, readBody, send } from './http-replies.js';
import { signedRouteHandler, type SignedRoutesOptions } from './signed-route-handler.js';
import { SIGNED_ROUTE_PREFIX } from './signed-routes.js';
import { StatusServerError } from './status-server-error.js';

export interface StatusServerOptions {
  /** Interface to listen on; keep it loopback (`server.host`). @defaultValue `127.0.0.1` */
  host?: string;
  /** `server.port`; 0 picks a free port (tests). @defaultValue 9465 */
  port?: number;
  /** Bearer token every request must carry (see `prepareStatusToken`). */
  token: string;
  /** The running connector's status, read on every `/healthz` and `/metrics` request. */
  status: () => ConnectorStatus;
  metrics: ConnectorMetrics;
  logger?: Logger;
  /**
   * `POST /webhook/wordpress`: the companion plugin's change ping, signed with the shared secret
   * instead of the bearer token. Absent: the route does not exist.
   */
  webhook?: { secret: string; onPing(): void };
  /**
   * `/wordpress/*`: the companion plugin's signed calls (wp-admin screens, developer API).
   * Absent: those paths answer 404.
   */
  signedRoutes?: SignedRoutesOptions;
}

export interface StatusServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

const WEBHOOK_PATH = '/webhook/wordpress';
const MAX_WEBHOOK_BODY = 64 * 1024;

async function handleWebhook(
  options: StatusServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const webhook = options.webhook;
  if (!webhook) {
    error(response, 404, 'the WordPress webhook is not enabled (set wordpress.sharedSecret)');
    return;
  }
  if (request.method !== 'POST') {
    error(response, 405, `${request.method ?? ''} is not allowed; use POST`, { allow: 'POST' });
    return;
  }
  const body = await readBody(request, MAX_WEBHOOK_BODY);
  if (body === undefined) {
    error(response, 413, 'the webhook body is too large');
    return;
  }
  const verdict = verifyWebhook(
    webhook.secret,
    {
      timestamp: header(request, 'x-sfwp-timestamp'),
      signature: header(request, 'x-sfwp-signature'),
    },
    body,
  );
  if (!verdict.ok) {
    options.logger?.warn(
      { remote: request.socket.remoteAddress, reason: verdict.reason },
      'refused a WordPress webhook ping',
    );
    error(response, 401, `webhook refused: ${verdict.reason}`);
    return;
  }
  webhook.onPing();
  send(response, 202, `${JSON.stringify({ accepted: true })}\n`);
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

async function handle(
  options: StatusServerOptions,
  signedRoutes: Handler | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requested = new URL(request.url ?? '/', 'http://status.invalid').pathname;
  if (requested === WEBHOOK_PATH) {
    await handleWebhook(options, request, response);
    return;
  }
  if (requested.startsWith(SIGNED_ROUTE_PREFIX)) {
    if (signedRoutes) await signedRoutes(request, response);
    else error(response, 404, 'the WordPress routes are not enabled (set wordpress.sharedSecret)');
    return;
  }
  if (!bearerTokenMatches(request.headers.authorization, options.token)) {
    error(response, 401, 'a valid bearer token is required', {
      'www-authenticate': 'Bearer realm="sfwp"',
    });
    return;
  }
  const path = new URL(request.url ?? '/', 'http://status.invalid').pathname;
  if (path !== '/healthz' && path !== '/metrics') {
    error(response, 404, `no route ${path}; try /healthz or /metrics`);
    return;
  }
  if (request.method !== 'GET') {
    error(response, 405, `${request.method ?? ''} is not allowed; use GET`, { allow: 'GET' });
    return;
  }
  const status = options.status();
  if (path === '/healthz') {
    const reply = healthzReply(status);
    send(response, reply.code, `${JSON.stringify(reply.body)}\n`);
    return;
  }
  options.metrics.setStatus(status);
  const text = await options.metrics.render();
  send(response, 200, text, { 'content-type': options.metrics.contentType });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (cause: NodeJS.ErrnoException): void => {
      reject(
        new StatusServerError(
          `The status server cannot listen on ${host}:${String(port)} (${cause.code ?? cause.message}). ` +
            'Set server.port (SFWP_HTTP_PORT) to a free port, or server.host (SFWP_HTTP_HOST) to a local address.',
          { cause },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * Serves `GET /healthz` (the status as JSON; 200 when running or paused, else 503) and
 * `GET /metrics` (Prometheus text) to callers with the bearer token. Anything else: 401 without
 * the token, 404 for another path, 405 for another method.
 */
export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger;
  const signedRoutes = options.signedRoutes
    ? signedRouteHandler(options.signedRoutes, logger)
    : undefined;
  const server = createServer((request, response) => {
    handle(options, signedRoutes, request, response).catch((cause: unknown) => {
      logger?.error({ err: cause }, 'status server request failed');
      if (!response.headersSent) error(response, 500, 'internal error; see the connector log');
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await listen(server, options.port ?? 9465, host);
  if (!LOOPBACK.test(host)) {
    logger?.warn({ host }, 'status server listens on a non-loopback address');
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}`;
  logger?.info({ url }, 'status server listening');
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((cause) => {
          if (cause) reject(cause);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
