import { performance } from 'node:perf_hooks';
import { Agent, fetch as undiciFetch } from 'undici';
import { WordPressUnavailableError, wordPressErrorFrom, WordPressError } from './errors.js';
import { originHeaders } from './origin-signature.js';
import type { RequestPurpose, RequestRecord } from './types.js';
import { certificateProblem } from '../tls/certificate-problem.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface WordPressHttpOptions {
  /** REST API root, e.g. `https://example.org/wp-json`. */
  restRoot: string;
  username: string;
  applicationPassword: string;
  /** Per-request timeout; 30 s by default. */
  timeoutMs?: number;
  /** Called once per HTTP request, after it ends, for metrics and tests. */
  onRequest?: (record: RequestRecord) => void;
  /** Injectable for tests; the platform fetch (keep-alive connection pool) by default. */
  fetch?: typeof fetch;
  /**
   * Whether WordPress's TLS certificate is verified; `true` by default. `false` (the operator's
   * `wordpress.verifyTls: false`, for local testing only) accepts any certificate, for this
   * client's requests alone: they go through a dedicated undici agent, never a process-wide one.
   */
  verifyTls?: boolean;
  /**
   * The secret shared with the companion plugin: every request is signed as the connector's,
   * so the changes it causes are recorded with `origin=connector` and not synced back.
   */
  originSecret?: string;
  /**
   * The org these writes are made for, when one connector serves several orgs: every write
   * request carries `X-Sfwp-Source-Org: <name>`, and the plugin keeps it on the change rows it
   * records (it believes it on connector-origin requests only), so the other orgs' readers pass
   * the change on while this org's reader skips its own write.
   */
  sourceOrg?: string;
}

export const SOURCE_ORG_HEADER = 'X-Sfwp-Source-Org';

/** What the plugin accepts as an org name in {@link SOURCE_ORG_HEADER}. */
const SOURCE_ORG_NAME = /^[A-Za-z0-9_-]{1,40}$/;

function sourceOrgHeaders(sourceOrg: string | undefined): Record<string, string> {
  if (sourceOrg === undefined) return {};
  // The plugin records a name it cannot take as no org at all: every reader would skip the row.
  if (!SOURCE_ORG_NAME.test(sourceOrg)) {
    throw new Error(
      `sourceOrg '${sourceOrg}' is not an org name the companion plugin accepts ` +
        '(letters, digits, _ and -, at most 40)',
    );
  }
  return { [SOURCE_ORG_HEADER]: sourceOrg };
}

/**
 * JSON over HTTP to one WordPress REST API with an application password. Node's fetch keeps
 * connections alive in a pool, so consecutive requests reuse sockets where the server allows.
 * Every non-2xx answer becomes a typed {@link WordPressError}; credentials never appear in
 * errors or request records.
 */
export class WordPressHttp {
  readonly restRoot: string;
  readonly username: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly onRequest: ((record: RequestRecord) => void) | undefined;
  private readonly fetch: typeof fetch;
  private readonly originSecret: string | undefined;
  private readonly writeHeaders: Readonly<Record<string, string>>;

  constructor(options: WordPressHttpOptions) {
    this.restRoot = options.restRoot.replace(/\/+$/, '');
    this.username = options.username;
    this.authorization = `Basic ${Buffer.from(
      `${options.username}:${options.applicationPassword.replace(/\s+/g, '')}`,
    ).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.onRequest = options.onRequest;
    this.fetch = options.fetch ?? (options.verifyTls === false ? unverifiedFetch() : fetch);
    this.originSecret = options.originSecret;
    this.writeHeaders = sourceOrgHeaders(options.sourceOrg);
  }

  /** The route part (`/wp/v2/posts/5`) of a URL below the REST root. */
  routeOf(url: string): string {
    const path = url.startsWith(this.restRoot) ? url.slice(this.restRoot.length) : url;
    return path.split('?')[0] ?? path;
  }

  /** The path plus query (`/wp/v2/posts/5?force=true`) of a URL below the REST root. */
  pathOf(url: string): string {
    return url.startsWith(this.restRoot) ? url.slice(this.restRoot.length) : url;
  }

  async request(
    method: HttpMethod,
    url: string,
    options: {
      body?: unknown;
      purpose: RequestPurpose;
      batchSize?: number;
      headers?: Readonly<Record<string, string>>;
      /** Longer than the client's timeout for a request that does much work (a bulk write). */
      timeoutMs?: number;
    },
  ): Promise<HttpResponse> {
    const timeoutMs = Math.max(this.timeoutMs, options.timeoutMs ?? 0);
    const route = this.routeOf(url);
    const started = performance.now();
    let status: number | undefined;
    try {
      const headers: Record<string, string> = {
        Authorization: this.authorization,
        Accept: 'application/json',
        ...(this.originSecret === undefined ? {} : originHeaders(this.originSecret)),
        ...(method === 'GET' || method === 'OPTIONS' ? {} : this.writeHeaders),
        ...options.headers,
      };
      let payload: string | undefined;
      if (options.body !== undefined && options.body !== null) {
        headers['Content-Type'] = 'application/json';
        payload = JSON.stringify(options.body);
      }
      let response: Response;
      try {
        response = await this.fetch(url, {
          method,
          headers,
          body: payload,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw this.transportError(method, route, error, timeoutMs);
      }
      status = response.status;
      const text = await response.text();
      const body = parseBody(text);
      if (status < 200 || status >= 300) {
        throw wordPressErrorFrom(status, body ?? text, { method, route, username: this.username });
      }
      if (body === undefined && text.trim() !== '') {
        throw new WordPressError(
          `WordPress answered ${method} ${route} with HTTP ${status} but a body that is not JSON ` +
            `(a PHP notice or a plugin printing output?): ${text.slice(0, 200)}`,
          { code: 'sfwp_invalid_json', status },
        );
      }
      return { status, headers: response.headers, body };
    } finally {
      this.onRequest?.({
        method,
        route,
        status,
        durationMs: performance.now() - started,
        purpose: options.purpose,
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      });
    }
  }

  private transportError(
    method: string,
    route: string,
    error: unknown,
    timeoutMs: number,
  ): WordPressUnavailableError {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const untrusted = certificateProblem(error);
    const reason = timedOut
      ? `no answer within ${timeoutMs} ms`
      : untrusted
        ? `TLS certificate not trusted: ${untrusted}. ` +
          'Give the site a certificate from a trusted CA, or add its CA with NODE_EXTRA_CA_CERTS; ' +
          'wordpress.verifyTls: false (WP_VERIFY_TLS=false) is for local testing only'
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    return new WordPressUnavailableError(
      `WordPress at ${this.restRoot} is unreachable (${method} ${route}: ${reason})`,
      { code: timedOut ? 'sfwp_timeout' : 'sfwp_unreachable', cause: error },
    );
  }
}

/**
 * A fetch that accepts any certificate, for one client: undici's own fetch with its own agent
 * (the platform fetch on Node 20 bundles an older undici; pairing the two is not relied on).
 * Nothing process-wide changes, so Salesforce and every other connection keep verifying.
 */
function unverifiedFetch(): typeof fetch {
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  const insecure = (input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as string | URL, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    });
  return insecure as unknown as typeof fetch;
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
