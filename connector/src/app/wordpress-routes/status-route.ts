import type { SignedRoute } from '../../server/signed-routes.js';
import type { WordPressRouteContext } from './index.js';

/** `GET /wordpress/status`: the connector's status, as `/healthz` shows it, for wp-admin. */
export function statusRoute(context: Pick<WordPressRouteContext, 'status'>): SignedRoute {
  return {
    method: 'GET',
    path: 'status',
    handle: () => Promise.resolve({ status: 200, body: context.status() }),
  };
}
