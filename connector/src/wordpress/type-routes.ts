import { WordPressError } from './errors.js';
import type { WordPressHttp } from './http.js';
import { USER_TYPE, type WordPressObjectType } from './types.js';

export interface TypeRoute {
  namespace: string;
  restBase: string;
}

interface PostTypeDescription {
  rest_base?: string | false;
  rest_namespace?: string;
}

/**
 * Finds the REST route of a mapping's WordPress type. Post types may use a `rest_base` other
 * than their slug (e.g. `organization` → `organizations`), so it asks `/wp/v2/types` once.
 */
export class TypeRoutes {
  private readonly http: WordPressHttp;
  private postTypes: Promise<Map<string, TypeRoute>> | undefined;

  constructor(http: WordPressHttp) {
    this.http = http;
  }

  async routeFor(type: WordPressObjectType): Promise<TypeRoute> {
    if (type === USER_TYPE) return { namespace: 'wp/v2', restBase: 'users' };
    this.postTypes ??= this.loadPostTypes().catch((error: unknown) => {
      this.postTypes = undefined;
      throw error;
    });
    const postTypes = await this.postTypes;
    const route = postTypes.get(type);
    if (!route) {
      throw new WordPressError(
        `WordPress has no post type '${type}' in its REST API (it knows: ${[...postTypes.keys()].join(', ')}). ` +
          "Register it with 'show_in_rest' => true, or fix the mapping's WordPress type.",
        { code: 'sfwp_unknown_type' },
      );
    }
    return route;
  }

  /** Forgets what was discovered, e.g. after a plugin registered a new post type. */
  clear(): void {
    this.postTypes = undefined;
  }

  private async loadPostTypes(): Promise<Map<string, TypeRoute>> {
    const response = await this.http.request(
      'GET',
      `${this.http.restRoot}/wp/v2/types?context=edit`,
      { purpose: 'discovery' },
    );
    const routes = new Map<string, TypeRoute>();
    for (const [slug, description] of Object.entries(
      response.body as Record<string, PostTypeDescription>,
    )) {
      if (!description.rest_base) continue;
      routes.set(slug, {
        namespace: description.rest_namespace ?? 'wp/v2',
        restBase: description.rest_base,
      });
    }
    return routes;
  }
}
