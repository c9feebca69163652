import WPAPI from 'wpapi';
import { BatchSupport } from './batch-support.js';
import { planBatches } from './batch-plan.js';
import type { WordPressClient } from './client.js';
import { WordPressError, wordPressErrorFrom } from './errors.js';
import { WordPressHttp, type HttpMethod, type WordPressHttpOptions } from './http.js';
import { TypeRoutes } from './type-routes.js';
import {
  IF_VERSION_HEADER,
  USER_TYPE,
  type DeleteOptions,
  type ListQuery,
  type WordPressFields,
  type WordPressObject,
  type WordPressObjectType,
  type WordPressPage,
  type WordPressPost,
  type WordPressUser,
  type WriteOperation,
  type WriteResult,
  type WriteSuccess,
} from './types.js';
import { CompanionPluginClient } from './companion-plugin.js';
import { createWpapiTransport } from './wpapi-transport.js';

export interface WpapiWordPressClientOptions extends Omit<WordPressHttpOptions, 'restRoot'> {
  /** Site address, e.g. `https://example.org`; the REST root is `<siteUrl>/wp-json`. */
  siteUrl: string;
  /** Overrides the REST root for sites without pretty permalinks (`…/?rest_route=`). */
  restRoot?: string;
  /** Single requests in flight at once when batching is not possible; 4 by default. */
  concurrency?: number;
}

interface PreparedRequest {
  method: HttpMethod;
  url: string;
  body?: WordPressFields;
  headers?: Record<string, string>;
}

type EndpointFactory = () => WPAPI.WPRequest;

interface BatchItemResponse {
  status: number;
  body: unknown;
}

/**
 * {@link WordPressClient} on wpapi: wpapi builds routes and query strings, our transport does
 * the HTTP (keep-alive, typed errors), and `/batch/v1` — which wpapi lacks — is ours.
 */
export class WpapiWordPressClient implements WordPressClient {
  readonly restRoot: string;
  private readonly http: WordPressHttp;
  private readonly wp: WPAPI;
  private readonly types: TypeRoutes;
  private readonly batch: BatchSupport;
  private readonly factories = new Map<string, EndpointFactory>();
  private readonly concurrency: number;
  private me: Promise<WordPressUser> | undefined;
  /** The companion plugin's routes, over the same credentials and connection pool. */
  readonly companion: CompanionPluginClient;

  constructor(options: WpapiWordPressClientOptions) {
    const siteUrl = options.siteUrl.replace(/\/+$/, '');
    this.restRoot = (options.restRoot ?? `${siteUrl}/wp-json`).replace(/\/+$/, '');
    this.http = new WordPressHttp({ ...options, restRoot: this.restRoot });
    this.wp = new WPAPI({ endpoint: this.restRoot, transport: createWpapiTransport(this.http) });
    this.types = new TypeRoutes(this.http);
    this.batch = new BatchSupport(this.http);
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.companion = new CompanionPluginClient(this.http);
  }

  currentUser(): Promise<WordPressUser> {
    if (this.me) return this.me;
    const me = this.http
      .request('GET', `${this.restRoot}/wp/v2/users/me?context=edit`, { purpose: 'read' })
      .then((response) => normalise(response.body) as WordPressUser)
      .catch((error: unknown) => {
        this.me = undefined;
        throw error;
      });
    this.me = me;
    return me;
  }

  get(type: 'user', id: number): Promise<WordPressUser>;
  get(type: WordPressObjectType, id: number): Promise<WordPressObject>;
  async get(type: WordPressObjectType, id: number): Promise<WordPressObject> {
    const request = (await this.endpointFactory(type))().id(id).param('context', 'edit');
    return normalise(await request.get());
  }

  list(type: 'user', query?: ListQuery): Promise<WordPressPage<WordPressUser>>;
  list(type: WordPressObjectType, query?: ListQuery): Promise<WordPressPage<WordPressObject>>;
  async list(
    type: WordPressObjectType,
    query: ListQuery = {},
  ): Promise<WordPressPage<WordPressObject>> {
    const params: Record<string, string | number | number[]> = {
      context: 'edit',
      per_page: query.perPage ?? 100,
    };
    if (query.page !== undefined) params.page = query.page;
    if (query.include !== undefined) params.include = query.include;
    if (query.modifiedAfter !== undefined) params.modified_after = query.modifiedAfter;
    if (query.search !== undefined) params.search = query.search;
    if (query.status !== undefined) params.status = query.status;
    if (query.orderBy !== undefined) params.orderby = query.orderBy;
    if (query.order !== undefined) params.order = query.order;
    const request = (await this.endpointFactory(type))().param(params);
    const response = await this.http.request('GET', request.toString(), { purpose: 'read' });
    const items = Array.isArray(response.body) ? response.body.map(normalise) : [];
    return {
      items,
      total: Number(response.headers.get('x-wp-total') ?? items.length),
      totalPages: Number(response.headers.get('x-wp-totalpages') ?? 1),
    };
  }

  create(type: 'user', fields: WordPressFields): Promise<WordPressUser>;
  create(type: WordPressObjectType, fields: WordPressFields): Promise<WordPressPost>;
  async create(type: WordPressObjectType, fields: WordPressFields): Promise<WordPressObject> {
    return normalise(await (await this.endpointFactory(type))().create(fields));
  }

  update(type: 'user', id: number, fields: WordPressFields): Promise<WordPressUser>;
  update(type: WordPressObjectType, id: number, fields: WordPressFields): Promise<WordPressPost>;
  async update(
    type: WordPressObjectType,
    id: number,
    fields: WordPressFields,
  ): Promise<WordPressObject> {
    return normalise(await (await this.endpointFactory(type))().id(id).update(fields));
  }

  async delete(
    type: WordPressObjectType,
    id: number,
    options: DeleteOptions = {},
  ): Promise<WriteSuccess> {
    const request = await this.prepare({ kind: 'delete', type, id, ...options });
    const response = await this.http.request(request.method, request.url, { purpose: 'write' });
    return successFrom(response.status, response.body, id);
  }

  async writeMany(operations: readonly WriteOperation[]): Promise<WriteResult[]> {
    const results = new Array<WriteResult | undefined>(operations.length);
    const prepared = await Promise.all(
      operations.map((operation) => this.prepare(operation).catch((error: unknown) => error)),
    );
    const requests: (PreparedRequest | undefined)[] = prepared.map((item, index) => {
      if (item instanceof Error) {
        results[index] = { ok: false, error: asWordPressError(item) };
        return undefined;
      }
      return item as PreparedRequest;
    });

    let maxItems: number | undefined;
    let batchable: boolean[];
    try {
      maxItems = await this.batch.maxItems();
      const limit = maxItems;
      batchable = await Promise.all(
        requests.map((request) =>
          request && limit !== undefined
            ? this.batch.allows(batchRoute(this.http.routeOf(request.url)), request.method)
            : Promise.resolve(false),
        ),
      );
    } catch (error) {
      // Asking WordPress which routes batch failed (it is unreachable, say): every write fails
      // with that reason, as results, so each record's retry policy decides what happens.
      const failure: WriteResult = { ok: false, error: asWordPressError(error) };
      return results.map((result) => result ?? failure);
    }
    const plan = planBatches(
      batchable.map((canBatch, index) => canBatch && requests[index] !== undefined),
      maxItems,
    );

    const retryAlone: number[] = [];
    for (const chunk of plan.batches) {
      const chunkRequests = chunk.map((index) => requests[index] as PreparedRequest);
      const outcomes = await this.sendBatch(chunkRequests);
      chunk.forEach((operationIndex, position) => {
        const outcome = outcomes[position];
        if (outcome === 'not-batchable') retryAlone.push(operationIndex);
        else results[operationIndex] = outcome;
      });
    }
    if (retryAlone.length > 0) this.batch.clear();

    const singles = [
      ...plan.singles.filter((index) => requests[index] !== undefined),
      ...retryAlone,
    ];
    await runWithConcurrency(singles, this.concurrency, async (index) => {
      const request = requests[index] as PreparedRequest;
      const operation = operations[index] as WriteOperation;
      results[index] = await this.sendSingle(request, operation);
    });
    return results.map((result) => result ?? unreachable());
  }

  private async sendSingle(
    request: PreparedRequest,
    operation: WriteOperation,
  ): Promise<WriteResult> {
    try {
      const response = await this.http.request(request.method, request.url, {
        body: request.body,
        purpose: 'write',
        ...(request.headers ? { headers: request.headers } : {}),
      });
      return successFrom(
        response.status,
        response.body,
        'id' in operation ? operation.id : undefined,
      );
    } catch (error) {
      return { ok: false, error: asWordPressError(error) };
    }
  }

  /** One /batch/v1 request; per-item results, or 'not-batchable' for items WordPress refused to batch. */
  private async sendBatch(requests: PreparedRequest[]): Promise<(WriteResult | 'not-batchable')[]> {
    const body = {
      validation: 'normal',
      requests: requests.map((request) => ({
        method: request.method,
        path: this.http.pathOf(request.url),
        ...(request.body === undefined ? {} : { body: request.body }),
        // Sub-requests carry their own headers; the origin signature is the batch's own.
        ...(request.headers ? { headers: request.headers } : {}),
      })),
    };
    let responses: BatchItemResponse[];
    try {
      const response = await this.http.request('POST', `${this.restRoot}/batch/v1`, {
        body,
        purpose: 'batch',
        batchSize: requests.length,
      });
      responses = (response.body as { responses?: BatchItemResponse[] }).responses ?? [];
    } catch (error) {
      const failure: WriteResult = { ok: false, error: asWordPressError(error) };
      return requests.map(() => failure);
    }
    return requests.map((request, position) => {
      const item = responses[position];
      const route = this.http.routeOf(request.url);
      if (!item) {
        return {
          ok: false,
          error: new WordPressError(
            `WordPress returned no batch result for ${request.method} ${route}`,
            {
              code: 'sfwp_missing_batch_result',
              retryable: true,
            },
          ),
        };
      }
      if (item.status >= 200 && item.status < 300) {
        return successFrom(item.status, item.body, idFromRoute(route));
      }
      const error = wordPressErrorFrom(item.status, item.body, {
        method: request.method,
        route,
        username: this.http.username,
      });
      return error.code === 'rest_batch_not_allowed' ? 'not-batchable' : { ok: false, error };
    });
  }

  private async prepare(operation: WriteOperation): Promise<PreparedRequest> {
    const endpoint = (await this.endpointFactory(operation.type))();
    switch (operation.kind) {
      case 'create':
        return { method: 'POST', url: endpoint.toString(), body: operation.fields };
      case 'update':
        return {
          method: 'POST',
          url: endpoint.id(operation.id).toString(),
          body: operation.fields,
          ...(operation.ifVersion === undefined
            ? {}
            : { headers: { [IF_VERSION_HEADER]: String(operation.ifVersion) } }),
        };
      case 'delete': {
        if (operation.type === USER_TYPE) {
          // Users cannot be trashed, and deleting one without `reassign` deletes their content.
          const reassign = operation.reassignTo ?? (await this.currentUser()).id;
          const url = endpoint.id(operation.id).param({ force: 'true', reassign }).toString();
          return { method: 'DELETE', url };
        }
        const request = endpoint.id(operation.id);
        if (operation.force === true) request.param('force', 'true');
        return { method: 'DELETE', url: request.toString() };
      }
    }
  }

  /**
   * Returns a factory, not a request: wpapi requests are thenable, so a promise resolving to
   * one would run it (a stray GET) while unwrapping.
   */
  private async endpointFactory(type: WordPressObjectType): Promise<EndpointFactory> {
    const route = await this.types.routeFor(type);
    const key = `${route.namespace}/${route.restBase}`;
    let factory = this.factories.get(key);
    if (!factory) {
      const registered = this.wp.registerRoute(
        route.namespace,
        `/${route.restBase}/(?P<id>[\\d]+)`,
      );
      factory = () => registered.call(this.wp);
      this.factories.set(key, factory);
    }
    return factory;
  }
}

/** OPTIONS is asked per route pattern: every item route of a type shares one answer. */
function batchRoute(route: string): string {
  return route.replace(/\/\d+$/, '/0');
}

function idFromRoute(route: string): number | undefined {
  const match = /\/(\d+)$/.exec(route);
  return match ? Number(match[1]) : undefined;
}

/** WordPress sends `meta: []` (an empty PHP array) when no meta is registered. */
function normalise(body: unknown): WordPressObject {
  const object = body as Omit<WordPressObject, 'meta'> & { meta?: unknown };
  if (!object.meta || Array.isArray(object.meta) || typeof object.meta !== 'object') {
    object.meta = {};
  }
  return object as WordPressObject;
}

function successFrom(status: number, body: unknown, knownId: number | undefined): WriteSuccess {
  let object: WordPressObject | undefined;
  if (body !== null && typeof body === 'object') {
    // A permanent delete answers { deleted: true, previous: {...} }.
    object = 'previous' in body ? normalise(body.previous) : normalise(body);
  }
  const id = object?.id ?? knownId;
  if (id === undefined) {
    throw new WordPressError('WordPress reported success without the object id', {
      code: 'sfwp_missing_id',
      status,
    });
  }
  return { ok: true, status, id, object };
}

function asWordPressError(error: unknown): WordPressError {
  if (error instanceof WordPressError) return error;
  return new WordPressError(`Unexpected failure talking to WordPress: ${String(error)}`, {
    code: 'sfwp_internal',
    cause: error,
  });
}

async function runWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

function unreachable(): never {
  throw new Error('writeMany left an operation without a result');
}
