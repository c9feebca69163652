import type { SignedRoute } from '../../server/signed-routes.js';
import { SignedRouteInputError } from '../../server/signed-routes.js';
import { executeCommand } from '../commands.js';
import type { WordPressRouteContext } from './index.js';
import { bodyObject, wordpressIds } from './route-input.js';

/**
 * `POST /wordpress/retry` with `{ "mapping": "Contact_User", "ids": [12] }`: runs the open dead
 * letters of those WordPress objects again through the admin app's RetryFailed command (the same
 * code, so the Sync Log's Retry and the admin app's Retry failed cannot differ), and answers
 * its outcome, e.g. `{ "ok": true, "message": "RetryFailed: 1 fixed, 0 still failing" }`.
 */
export function retryRoute(
  context: Pick<WordPressRouteContext, 'runtime' | 'logger'>,
): SignedRoute {
  return {
    method: 'POST',
    path: 'retry',
    handle: async (request) => {
      const body = bodyObject(request.body);
      const mapping = body.mapping;
      if (typeof mapping !== 'string' || !context.runtime.mappings().has(mapping)) {
        throw new SignedRouteInputError(
          'UNKNOWN_MAPPING',
          'mapping must name a loaded mapping',
          422,
        );
      }
      const ids = wordpressIds(body.ids);
      const outcome = await executeCommand(
        { Command__c: 'RetryFailed', Mapping__c: mapping, Record_Ids__c: ids.join(',') },
        context.runtime,
        context.logger,
      );
      return { status: 200, body: outcome };
    },
  };
}
