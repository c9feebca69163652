import { BatchingWriter } from './batching-writer.js';
import { BulkRoute } from './bulk-route.js';
import type { WordPressClient } from './client.js';
import { CompanionPluginClient, type LookupMatch } from './companion-plugin.js';
import { FormSubmissionsClient } from './form-submissions.js';
import { LookupRoute } from './lookup-route.js';
import { WordPressHttp, type WordPressHttpOptions } from './http.js';
import { normalise, successFrom } from './response-bodies.js';
import type {
  DeleteOptions,
  ListQuery,
  WordPressFields,
  WordPressObject,
  WordPressObjectType,
  WordPressPage,
  WordPressPost,
  WordPressUser,
  WriteOperation,
  WriteResult,
  WriteSuccess,
} from './types.js';
import { WpapiEndpoints } from './wpapi-endpoints.js';
import { prepareWrite, type PreparedRequest } from './write-requests.js';

export interface WpapiWordPressClientOptions extends Omit<WordPressHttpOptions, 'restRoot'> {
  /** Site address, e.g. `https://example.org`; the REST root is `<siteUrl>/wp-json`. */
  siteUrl: string;
  /** Overrides the REST root for sites without pretty permalinks (`…/?rest_route=`). */
  restRoot?: string;
  /** Single requests in flight at once when batching is not possible; 4 by default. */
  concurrency?: number;
  /** Told, once, why the companion plugin's bulk route is not used (an operator can fix it). */
  onNotice?: (message: string) => void;
}

/**
 * {@link WordPressClient} on wpapi: wpapi builds routes and query strings, our transport does
 * the HTTP (keep-alive, typed errors), and batching — the companion plugin's bulk route and
 * `/batch/v1`, which wpapi lacks — is ours.
 */
export class WpapiWordPressClient implements WordPressClient {
  readonly restRoot: string;
  private readonly http: WordPressHttp;
  private readonly endpoints: WpapiEndpoints;
  private readonly writer: BatchingWriter;
  private me: Promise<WordPressUser> | undefined;
  /** The companion plugin's routes, over the same credentials and connection pool. */
  readonly companion: CompanionPluginClient;
  /** The companion plugin's form submission routes (read, result). */
  readonly formSubmissions: FormSubmissionsClient;
  private readonly lookupRoute: LookupRoute;

  constructor(options: WpapiWordPressClientOptions) {
    const siteUrl = options.siteUrl.replace(/\/+$/, '');
    this.restRoot = (options.restRoot ?? `${siteUrl}/wp-json`).replace(/\/+$/, '');
    this.http = new WordPressHttp({ ...options, restRoot: this.restRoot });
    this.endpoints = new WpapiEndpoints(this.http);
    this.companion = new CompanionPluginClient(this.http);
    this.formSubmissions = new FormSubmissionsClient(this.http);
    this.lookupRoute = new LookupRoute({
      lookUp: (type, field, values) => this.companion.lookUp(type, field, values),
    });
    const bulk = new BulkRoute({
      status: () => this.companion.status(),
      signed: options.originSecret !== undefined,
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    });
    this.writer = new BatchingWriter({
      http: this.http,
      prepare: (operation) => this.prepare(operation),
      concurrency: Math.max(1, options.concurrency ?? 4),
      bulk,
    });
  }

  lookUp(
    type: string,
    field: string,
    values: readonly string[],
  ): Promise<LookupMatch[] | undefined> {
    return this.lookupRoute.lookUp(type, field, values);
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
    const request = (await this.endpoints.factoryFor(type))().id(id).param('context', 'edit');
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
    const request = (await this.endpoints.factoryFor(type))().param(params);
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
    return normalise(await (await this.endpoints.factoryFor(type))().create(fields));
  }

  update(type: 'user', id: number, fields: WordPressFields): Promise<WordPressUser>;
  update(type: WordPressObjectType, id: number, fields: WordPressFields): Promise<WordPressPost>;
  async update(
    type: WordPressObjectType,
    id: number,
    fields: WordPressFields,
  ): Promise<WordPressObject> {
    return normalise(await (await this.endpoints.factoryFor(type))().id(id).update(fields));
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

  writeMany(operations: readonly WriteOperation[]): Promise<WriteResult[]> {
    return this.writer.writeMany(operations);
  }

  preferredBatchSize(): number {
    return this.writer.preferredBatchSize();
  }

  private prepare(operation: WriteOperation): Promise<PreparedRequest> {
    return prepareWrite(operation, this.endpoints, async () => (await this.currentUser()).id);
  }
}
