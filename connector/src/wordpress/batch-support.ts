import { WordPressNotFoundError } from './errors.js';
import type { HttpMethod, WordPressHttp } from './http.js';

interface RouteEndpoint {
  methods: string[];
  allow_batch?: { v1?: boolean };
  args?: Record<string, { maxItems?: number } | undefined>;
}

interface RouteDescription {
  endpoints?: RouteEndpoint[];
}

/**
 * What this WordPress allows through `/batch/v1`, learnt with OPTIONS requests: the batch
 * size limit (25 unless a `rest_get_max_batch_size` filter changed it) and, per route and
 * method, whether the route opted in with `allow_batch` (users only from WordPress 6.6).
 */
export class BatchSupport {
  private readonly http: WordPressHttp;
  private maxItemsDiscovery: Promise<number | undefined> | undefined;
  private readonly routes = new Map<string, Promise<RouteEndpoint[]>>();

  constructor(http: WordPressHttp) {
    this.http = http;
  }

  /** The most sub-requests one batch may carry; undefined when the site has no /batch/v1. */
  maxItems(): Promise<number | undefined> {
    this.maxItemsDiscovery ??= this.discoverMaxItems().catch((error: unknown) => {
      this.maxItemsDiscovery = undefined;
      throw error;
    });
    return this.maxItemsDiscovery;
  }

  /**
   * Whether `method` on `route` may go in a batch. `route` is a concrete path such as
   * `/wp/v2/posts` or `/wp/v2/posts/0`; OPTIONS answers for the route pattern it matches.
   */
  async allows(route: string, method: HttpMethod): Promise<boolean> {
    const key = route;
    let endpoints = this.routes.get(key);
    if (!endpoints) {
      endpoints = this.describe(route).catch((error: unknown) => {
        this.routes.delete(key);
        throw error;
      });
      this.routes.set(key, endpoints);
    }
    const endpoint = (await endpoints).find((candidate) => candidate.methods.includes(method));
    return endpoint?.allow_batch?.v1 === true;
  }

  /** Forgets everything learnt, e.g. after WordPress refused a batch we thought allowed. */
  clear(): void {
    this.maxItemsDiscovery = undefined;
    this.routes.clear();
  }

  private async discoverMaxItems(): Promise<number | undefined> {
    let description: RouteDescription;
    try {
      const response = await this.http.request('OPTIONS', `${this.http.restRoot}/batch/v1`, {
        purpose: 'discovery',
      });
      description = response.body as RouteDescription;
    } catch (error) {
      // WordPress before 5.6 has no batch route: everything goes as single requests.
      if (error instanceof WordPressNotFoundError) return undefined;
      throw error;
    }
    const post = description.endpoints?.find((endpoint) => endpoint.methods.includes('POST'));
    return post?.args?.requests?.maxItems ?? 25;
  }

  private async describe(route: string): Promise<RouteEndpoint[]> {
    const response = await this.http.request('OPTIONS', `${this.http.restRoot}${route}`, {
      purpose: 'discovery',
    });
    return (response.body as RouteDescription).endpoints ?? [];
  }
}
