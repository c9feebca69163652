import type { Logger } from 'pino';
import type { ConnectorStatus } from '../../engine/status.js';
import type { SignedRoute } from '../../server/signed-routes.js';
import type { Runtime } from '../runtime.js';
import { statusRoute } from './status-route.js';

/** What the routes the companion plugin calls may use of the running connector. */
export interface WordPressRouteContext {
  runtime: Runtime;
  status(): ConnectorStatus;
  logger: Logger;
}

/**
 * The signed routes under `/wordpress/` (see docs/WORDPRESS-PLUGIN.md, "Connector routes").
 * One module per route; add new ones to this list.
 */
export function wordpressRoutes(context: WordPressRouteContext): SignedRoute[] {
  return [statusRoute(context)];
}
