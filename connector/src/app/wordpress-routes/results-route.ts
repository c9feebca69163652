import type { Connection } from 'jsforce';
import type { ObjectMapping } from '../../mapping/types.js';
import { SignedRouteInputError, type SignedRoute } from '../../server/signed-routes.js';
import {
  recentSyncResults,
  type SyncLogRow,
  type SyncLogStatus,
} from '../../salesforce/sync-log-queries.js';
import { mappingsOfType, objectType, recordUrl, whole } from './route-input.js';

const STATUSES: readonly SyncLogStatus[] = ['Success', 'Skipped', 'Failed'];
const MAX_PER_PAGE = 200;

export interface ResultsContext {
  connection(): Pick<Connection, 'query'>;
  mappings(): ReadonlyMap<string, ObjectMapping>;
  instanceUrl(): string | undefined;
}

export interface ResultView extends SyncLogRow {
  type: string | null;
  recordUrl: string | null;
}

function statusOf(query: URLSearchParams): SyncLogStatus | undefined {
  const raw = query.get('status');
  if (raw === null || raw === '' || raw === 'all') return undefined;
  if (!STATUSES.includes(raw as SyncLogStatus)) {
    throw new SignedRouteInputError(
      'INVALID_STATUS',
      'status must be Success, Skipped, Failed or all',
    );
  }
  return raw as SyncLogStatus;
}

function beforeOf(query: URLSearchParams): string | undefined {
  const raw = query.get('before');
  if (raw === null || raw === '') return undefined;
  if (!/^[A-Za-z0-9]{15,18}$/.test(raw)) {
    throw new SignedRouteInputError('INVALID_PAGING', 'before must be the id of a sync log row');
  }
  return raw;
}

/**
 * The newest sync results of WordPress objects from Salesforce's WP_Sync_Log__c (every
 * outcome, successes included), filtered by object type and status, a page at a time: `next` is
 * the `before` of the following page, null on the last.
 */
export async function listResults(context: ResultsContext, query: URLSearchParams) {
  const type = query.get('type');
  const mappings =
    type === null || type === ''
      ? [...context.mappings().values()]
      : mappingsOfType(context.mappings(), objectType(type));
  const status = statusOf(query);
  const perPage = whole(query, 'per_page', 20, MAX_PER_PAGE);
  const before = beforeOf(query);
  const typeOf = new Map(mappings.map((mapping) => [mapping.name, mapping.wordpressType]));
  const rows = await recentSyncResults(context.connection(), {
    mappings: [...typeOf.keys()],
    ...(status ? { status } : {}),
    ...(before ? { before } : {}),
    limit: perPage + 1,
  });
  const instanceUrl = context.instanceUrl();
  const items: ResultView[] = rows.slice(0, perPage).map((row) => ({
    ...row,
    type: typeOf.get(row.mapping) ?? null,
    recordUrl: recordUrl(instanceUrl, row.salesforceId ?? undefined),
  }));
  const next = rows.length > perPage ? (items.at(-1)?.id ?? null) : null;
  return { items, next, perPage };
}

/**
 * `GET /wordpress/results?type=user&status=Success&per_page=20&before=<id>`: the Sync Log
 * screen's recent results (from WP_Sync_Log__c through the connector's own session).
 */
export function resultsRoute(context: ResultsContext): SignedRoute {
  return {
    method: 'GET',
    path: 'results',
    handle: async (request) => ({ status: 200, body: await listResults(context, request.query) }),
  };
}
