import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { SIGNATURE_TOLERANCE_SECONDS } from '../wordpress/origin-signature.js';
import { error, header, readBody, send } from './http-replies.js';
import { ReplayGuard } from './replay-guard.js';
import { verifySignedRequest } from './signed-request.js';
import {
  SIGNED_ROUTE_PREFIX,
  SignedRouteInputError,
  type SignedRoute,
  type SignedRouteRequest,
} from './signed-routes.js';

export interface SignedRoutesOptions {
  secret: string;
  /** The routes the running connector serves; empty while it starts (answered 503). */
  routes: () => readonly SignedRoute[];
}

const MAX_BODY = 256 * 1024;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Serves `/wordpress/*`: signed calls from the companion plugin. 401 unsigned, stale, forged or
 * replayed; 404 unknown route; 405 wrong method; 413 body over 256 KiB; 400 body not JSON;
 * 503 while the connector starts; then the route's own answer.
 */
export function signedRouteHandler(
  options: SignedRoutesOptions,
  logger: Logger | undefined,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const replays = new ReplayGuard(2 * SIGNATURE_TOLERANCE_SECONDS * 1000);
  return async (request, response) => {
    const target = request.url ?? '/';
    const url = new URL(target, 'http://status.invalid');
    const body = await readBody(request, MAX_BODY);
    if (body === undefined) {
      error(response, 413, 'the request body is too large');
      return;
    }
    const verdict = verifySignedRequest(
      options.secret,
      {
        timestamp: header(request, 'x-sfwp-timestamp'),
        nonce: header(request, 'x-sfwp-nonce'),
        signature: header(request, 'x-sfwp-signature'),
        method: request.method ?? '',
        target,
        body,
      },
      replays,
    );
    if (!verdict.ok) {
      logger?.warn(
        { remote: request.socket.remoteAddress, path: url.pathname, reason: verdict.reason },
        'refused a signed WordPress call',
      );
      error(response, 401, `refused: ${verdict.reason}`);
      return;
    }
    const path = url.pathname.slice(SIGNED_ROUTE_PREFIX.length);
    const routes = options.routes();
    const matching = routes.filter((route) => route.path === path);
    if (matching.length === 0) {
      if (routes.length === 0) error(response, 503, 'the connector is starting; try again');
      else error(response, 404, `no route ${url.pathname}`);
      return;
    }
    const route = matching.find((candidate) => candidate.method === request.method);
    if (route === undefined) {
      const allow = matching.map((candidate) => candidate.method).join(', ');
      error(response, 405, `${request.method ?? ''} is not allowed; use ${allow}`, { allow });
      return;
    }
    const parsed = parseJson(body);
    if (!parsed.ok) {
      error(response, 400, 'the body is not JSON');
      return;
    }
    const input: SignedRouteRequest = {
      method: route.method,
      path,
      query: url.searchParams,
      body: parsed.value,
    };
    try {
      const answer = await route.handle(input);
      send(response, answer.status, `${JSON.stringify(answer.body)}\n`);
    } catch (cause) {
      if (!(cause instanceof SignedRouteInputError)) throw cause;
      send(
        response,
        cause.status,
        `${JSON.stringify({ code: cause.code, message: cause.message })}\n`,
      );
    }
  };
}
