import WPAPI from 'wpapi';
import type { WordPressHttp } from './http.js';
import { TypeRoutes } from './type-routes.js';
import type { WordPressObjectType } from './types.js';
import { createWpapiTransport } from './wpapi-transport.js';

/** Makes a fresh wpapi request for one object type's collection (add `.id()` for one item). */
export type EndpointFactory = () => WPAPI.WPRequest;

/**
 * wpapi's request builders per WordPress object type: wpapi builds routes and query strings,
 * {@link WordPressHttp} does the HTTP. A type's route (users, or a post type's `rest_base`) is
 * discovered once and registered with wpapi once.
 */
export class WpapiEndpoints {
  private readonly wp: WPAPI;
  private readonly types: TypeRoutes;
  private readonly factories = new Map<string, EndpointFactory>();

  constructor(http: WordPressHttp) {
    this.wp = new WPAPI({ endpoint: http.restRoot, transport: createWpapiTransport(http) });
    this.types = new TypeRoutes(http);
  }

  /**
   * Returns a factory, not a request: wpapi requests are thenable, so a promise resolving to
   * one would run it (a stray GET) while unwrapping.
   */
  async factoryFor(type: WordPressObjectType): Promise<EndpointFactory> {
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
