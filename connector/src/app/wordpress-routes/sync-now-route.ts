import { setTimeout as delay } from 'node:timers/promises';
import { flowsIn } from '../../mapping/types.js';
import type { SignedRoute } from '../../server/signed-routes.js';
import { applyToSalesforce } from '../../wordpress-to-salesforce/apply.js';
import { recordOutcome } from '../../wordpress-to-salesforce/outcome.js';
import { applyWithRetries } from '../../wordpress-to-salesforce/retrying-apply.js';
import type { WordPressRouteContext } from './index.js';
import { answering, bodyObject, mappingsOfType, objectType, wordpressIds } from './route-input.js';

/** Records per Salesforce write, as the change feed's chunks. */
const CHUNK = 200;

/**
 * Writes every mapped field of these WordPress objects to Salesforce, as a retry of a dead
 * letter does: read WordPress afresh, force the write (the values may equal the agreed ones
 * while someone changed the Salesforce record by hand), report each outcome the usual way.
 */
export async function syncToSalesforce(
  context: Pick<WordPressRouteContext, 'runtime'>,
  type: string,
  ids: number[],
): Promise<void> {
  const { runtime } = context;
  const mappings = mappingsOfType(runtime.mappings(), type).filter(
    (mapping) => mapping.active && flowsIn(mapping.direction, 'wordpress-to-salesforce'),
  );
  for (const mapping of mappings) {
    for (let start = 0; start < ids.length; start += CHUNK) {
      const items = ids
        .slice(start, start + CHUNK)
        .map((id) => ({ id, operation: 'update' as const }));
      const outcomes = await applyWithRetries(
        mapping,
        items,
        (chunk) => applyToSalesforce(mapping, chunk, runtime.salesforceApply, { forceWrite: true }),
        { logger: runtime.logger, maxAttempts: runtime.config.sync.maxAttempts, wait: delay },
      );
      for (const outcome of outcomes) {
        runtime.reporter.record(recordOutcome(mapping, outcome), 'Sync now in wp-admin');
      }
    }
  }
}

/**
 * `POST /wordpress/sync-now` with `{ "type": "user", "ids": [12, 13] }`: the wp-admin "Sync now"
 * and bulk "Sync to Salesforce". The plugin has already recorded a `manual` change for each
 * object in its change feed (the durable request); this route answers 202 at once and writes
 * the objects to Salesforce in the background, forced, so a record changed by hand in
 * Salesforce gets the WordPress values back.
 */
export function syncNowRoute(
  context: Pick<WordPressRouteContext, 'runtime' | 'logger'>,
): SignedRoute {
  return {
    method: 'POST',
    path: 'sync-now',
    handle: (request) =>
      answering(() => {
        const body = bodyObject(request.body);
        const type = objectType(body.type);
        const ids = wordpressIds(body.ids);
        syncToSalesforce(context, type, ids).catch((error: unknown) => {
          context.logger.error(
            { type, count: ids.length, err: error },
            'Sync now failed; the change feed rows bring the objects later',
          );
        });
        return { status: 202, body: { accepted: ids.length, type } };
      }),
  };
}
