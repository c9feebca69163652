import type { DeadLetter, DeadLetterStatus, StateStore } from '../../store/state-store.js';
import type { ObjectMapping } from '../../mapping/types.js';
import { SignedRouteInputError, type SignedRoute } from '../../server/signed-routes.js';
import { answering, mappingsOfType, objectType, recordUrl, whole } from './route-input.js';

/** How many dead letters one listing reads at most, newest kept. */
const SCAN_LIMIT = 10_000;
const MAX_PER_PAGE = 1000;
const STATUSES: readonly DeadLetterStatus[] = ['open', 'retried', 'dropped'];

export interface OutcomesContext {
  store: Pick<StateStore, 'listDeadLetters'>;
  mappings(): ReadonlyMap<string, ObjectMapping>;
  instanceUrl(): string | undefined;
}

export interface OutcomeView {
  id: number;
  status: DeadLetterStatus;
  mapping: string;
  type: string | null;
  direction: DeadLetter['direction'];
  wordpressId: number;
  salesforceId: string | null;
  recordUrl: string | null;
  operation: string;
  errorCode: string;
  errorMessage: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

function statusesOf(query: URLSearchParams): readonly DeadLetterStatus[] {
  const raw = query.get('status');
  if (raw === null || raw === '' || raw === 'all') return STATUSES;
  if (!STATUSES.includes(raw as DeadLetterStatus)) {
    throw new SignedRouteInputError(
      'INVALID_STATUS',
      'status must be open, retried, dropped or all',
    );
  }
  return [raw as DeadLetterStatus];
}

/**
 * The dead letters of WordPress objects, newest failure first, filtered by object type and
 * status. Successes are not listed here: the connector keeps no local log of them (a success is
 * the link's time, shown per object, and Salesforce's WP_Sync_Log__c has every result).
 */
export function listOutcomes(context: OutcomesContext, query: URLSearchParams) {
  const type = query.get('type');
  const mappings =
    type === null || type === ''
      ? [...context.mappings().values()]
      : mappingsOfType(context.mappings(), objectType(type));
  const typeOf = new Map(mappings.map((mapping) => [mapping.name, mapping.wordpressType]));
  const onlyKnown = type !== null && type !== '';
  const statuses = statusesOf(query);
  const page = whole(query, 'page', 1, 1_000_000);
  const perPage = whole(query, 'per_page', 20, MAX_PER_PAGE);
  const letters = statuses
    .flatMap((status) => context.store.listDeadLetters({ status, limit: SCAN_LIMIT }))
    .filter((letter) => letter.wordpressId !== undefined)
    .filter((letter) => !onlyKnown || typeOf.has(letter.mapping))
    .sort((a, b) => b.lastFailedAt.localeCompare(a.lastFailedAt) || b.id - a.id);
  const instanceUrl = context.instanceUrl();
  const items: OutcomeView[] = letters
    .slice((page - 1) * perPage, page * perPage)
    .map((letter) => ({
      id: letter.id,
      status: letter.status,
      mapping: letter.mapping,
      type:
        typeOf.get(letter.mapping) ?? context.mappings().get(letter.mapping)?.wordpressType ?? null,
      direction: letter.direction,
      wordpressId: letter.wordpressId as number,
      salesforceId: letter.salesforceId ?? null,
      recordUrl: recordUrl(instanceUrl, letter.salesforceId),
      operation: letter.operation,
      errorCode: letter.errorCode,
      errorMessage: letter.errorMessage,
      attempts: letter.attempts,
      firstFailedAt: letter.firstFailedAt,
      lastFailedAt: letter.lastFailedAt,
    }));
  return { items, total: letters.length, page, perPage };
}

/**
 * `GET /wordpress/outcomes?type=user&status=open&page=1&per_page=20`: the failures of
 * WordPress objects the connector keeps (dead letters, open, retried or dropped), for the Sync
 * Log screen and the list tables' "failed" filter.
 */
export function outcomesRoute(context: OutcomesContext): SignedRoute {
  return {
    method: 'GET',
    path: 'outcomes',
    handle: (request) =>
      answering(() => ({ status: 200, body: listOutcomes(context, request.query) })),
  };
}
