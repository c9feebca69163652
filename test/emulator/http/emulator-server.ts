/**
 * The org's HTTP front end (node:http): OAuth and identity without a session; the REST data API
 * with a Bearer session, API usage counting and the fault switches. Every counted response
 * carries Sforce-Limit-Info (platform-facts "Errors and limits").
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../api-error.js';
import type { FaultState } from '../faults/org-faults.js';
import type { TokenStore } from '../oauth/token-store.js';
import {
  isSupportedVersion,
  LATEST_API_VERSION,
  OLDEST_API_VERSION,
  versionList,
} from '../rest/api-versions.js';
import type { ApiUsage } from '../rest/api-usage.js';
import { errorResponse, type RestApi } from '../rest/rest-api.js';
import { serveApexRest, type ApexRestClass } from '../rest/apex-rest.js';
import type { SessionInfo } from '../contracts.js';
import type { EmulatorRequest, EmulatorResponse } from './http-types.js';
import { jsonResponse } from './http-types.js';
import type { Router } from './router.js';
import { unsupportedSurface } from './unsupported-surfaces.js';

export interface EmulatorServerDependencies {
  oauth: Router;
  rest: RestApi;
  tokens: TokenStore;
  usage: ApiUsage;
  faults: FaultState;
  /** The org's Apex REST classes (`/services/apexrest`). */
  apexRest?: () => readonly ApexRestClass[];
  /** Serve HTTPS with this certificate instead of plain HTTP. */
  tls?: { certificatePem: string; privateKeyPem: string };
}

const DATA_PATH = /^\/services\/data\/v(\d+\.\d+)(\/|$)/;
const APEX_REST_PATH = /^\/services\/apexrest(\/|$)/;

/** 401 body for a missing, expired or revoked token (platform-facts "Errors and limits"). */
const INVALID_SESSION = new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function bearerToken(request: EmulatorRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header !== undefined ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header) : null;
  return match?.[1];
}

function send(response: ServerResponse, answer: EmulatorResponse): void {
  const headers: Record<string, string> = { ...answer.headers };
  let body = '';
  if (answer.text) {
    headers['content-type'] = answer.text.contentType;
    body = answer.text.body;
  } else if (answer.json !== undefined) {
    headers['content-type'] = 'application/json;charset=UTF-8';
    body = JSON.stringify(answer.json);
  }
  response.writeHead(answer.status, headers);
  response.end(body);
}

export class EmulatorServer {
  private readonly server: Server;

  constructor(private readonly deps: EmulatorServerDependencies) {
    const handler = (request: IncomingMessage, response: ServerResponse): void => {
      this.serve(request)
        .then((answer) => {
          send(response, answer);
        })
        .catch((error: unknown) => {
          send(
            response,
            jsonResponse(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: String(error) }]),
          );
        });
    };
    this.server = deps.tls
      ? createHttpsServer({ cert: deps.tls.certificatePem, key: deps.tls.privateKeyPem }, handler)
      : createServer(handler);
  }

  async listen(host: string, port: number): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }

  private async serve(incoming: IncomingMessage): Promise<EmulatorResponse> {
    const url = new URL(incoming.url ?? '/', 'http://emulator.invalid');
    const request: EmulatorRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body: await readBody(incoming),
    };
    const latency = this.deps.faults.latencyMs;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (request.path === '/services/data' || request.path === '/services/data/') {
      return jsonResponse(200, versionList());
    }
    const data = DATA_PATH.exec(request.path);
    if (data) return this.serveData(request, data[1] ?? '');
    const apexRest = this.deps.apexRest;
    if (apexRest && APEX_REST_PATH.test(request.path)) {
      return (
        this.injectedFailure() ??
        this.serveCounted(request, () => serveApexRest(apexRest(), request))
      );
    }
    const oauth = await this.deps.oauth.dispatch(request);
    return oauth ?? unsupportedSurface(request);
  }

  private async serveData(request: EmulatorRequest, version: string): Promise<EmulatorResponse> {
    const failure = this.injectedFailure();
    if (failure !== undefined) return failure;
    if (!isSupportedVersion(version)) {
      return jsonResponse(404, [
        {
          errorCode: 'NOT_FOUND',
          message: `The requested resource does not exist: API version ${version} is not one of the versions ${OLDEST_API_VERSION}.0–${LATEST_API_VERSION}.0 (GET /services/data lists them)`,
        },
      ]);
    }
    return this.serveCounted(request, (session) => this.deps.rest.handle({ ...request, session }));
  }

  private injectedFailure(): EmulatorResponse | undefined {
    const failure = this.deps.faults.takeFailure();
    if (failure === undefined) return undefined;
    return jsonResponse(failure, [
      { errorCode: 'SERVER_UNAVAILABLE', message: 'Injected fault: server unavailable' },
    ]);
  }

  /** The Bearer session, API usage and Sforce-Limit-Info around a handler. */
  private async serveCounted(
    request: EmulatorRequest,
    handle: (session: SessionInfo) => EmulatorResponse | Promise<EmulatorResponse>,
  ): Promise<EmulatorResponse> {
    const session = this.deps.tokens.verify(bearerToken(request) ?? '');
    if (!session) return errorResponse(INVALID_SESSION);
    try {
      this.deps.usage.consume();
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error);
      throw error;
    }
    const answer = await handle(session);
    return {
      ...answer,
      headers: { ...answer.headers, 'sforce-limit-info': this.deps.usage.headerValue() },
    };
  }
}
