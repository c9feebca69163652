import type { Logger } from 'pino';
import type { ConnectorStatus } from '../../engine/status.js';
import type { SignedRoute } from '../../server/signed-routes.js';
import type { Runtime } from '../runtime.js';
import { linkStatusRoute } from './link-status-route.js';
import { outcomesRoute } from './outcomes-route.js';
import { resultsRoute } from './results-route.js';
import { retryRoute } from './retry-route.js';
import { developerApiRoutes } from './developer-api-routes.js';
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
  const records = {
    store: context.runtime.store,
    mappings: () => context.runtime.mappings(),
    instanceUrl: () => context.status().salesforce.instanceUrl,
  };
  return [
    statusRoute(context),
    linkStatusRoute(records),
    outcomesRoute(records),
    resultsRoute({ ...records, connection: () => context.runtime.session.connection }),
    retryRoute(context),
    ...developerApiRoutes(context),
  ];
}
