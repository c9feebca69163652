import type { DeadLetter, StateStore } from '../../store/state-store.js';
import { flowsIn, type ObjectMapping } from '../../mapping/types.js';
import type { SignedRoute } from '../../server/signed-routes.js';
import {
  answering,
  bodyObject,
  mappingsOfType,
  objectType,
  recordUrl,
  wordpressIds,
} from './route-input.js';

export type LinkState = 'linked' | 'not-linked' | 'failed';

export interface OpenDeadLetterView {
  id: number;
  mapping: string;
  direction: DeadLetter['direction'];
  operation: string;
  errorCode: string;
  errorMessage: string;
  attempts: number;
  lastFailedAt: string;
}

/** What wp-admin shows for one WordPress object: its column, panel and meta box. */
export interface ObjectLinkStatus {
  state: LinkState;
  mapping: string | null;
  salesforceId: string | null;
  recordUrl: string | null;
  /** The link's last change (created, synced or agreed values stored); null when not linked. */
  lastSyncAt: string | null;
  lastStatus: 'Success' | 'Failed' | null;
  lastMessage: string | null;
  openDeadLetters: OpenDeadLetterView[];
  /** Whether an active mapping of the type carries WordPress changes to Salesforce (Sync now). */
  syncsToSalesforce: boolean;
}

export interface LinkStatusContext {
  store: Pick<StateStore, 'findByWordPressId' | 'listDeadLetters'>;
  mappings(): ReadonlyMap<string, ObjectMapping>;
  instanceUrl(): string | undefined;
}

function view(letter: DeadLetter): OpenDeadLetterView {
  return {
    id: letter.id,
    mapping: letter.mapping,
    direction: letter.direction,
    operation: letter.operation,
    errorCode: letter.errorCode,
    errorMessage: letter.errorMessage,
    attempts: letter.attempts,
    lastFailedAt: letter.lastFailedAt,
  };
}

/** Open dead letters of these mappings, by WordPress id (one store read per mapping). */
function openLettersById(
  store: LinkStatusContext['store'],
  mappings: ObjectMapping[],
): Map<number, DeadLetter[]> {
  const byId = new Map<number, DeadLetter[]>();
  for (const mapping of mappings) {
    const letters = store.listDeadLetters({ status: 'open', mapping: mapping.name, limit: 10_000 });
    for (const letter of letters) {
      if (letter.wordpressId === undefined) continue;
      byId.set(letter.wordpressId, [...(byId.get(letter.wordpressId) ?? []), letter]);
    }
  }
  return byId;
}

/** The status of each WordPress object: linked record, last sync, open dead letters. */
export function linkStatuses(
  context: LinkStatusContext,
  type: string,
  ids: number[],
): Record<string, ObjectLinkStatus> {
  const mappings = mappingsOfType(context.mappings(), type);
  const letters = openLettersById(context.store, mappings);
  const instanceUrl = context.instanceUrl();
  const syncsToSalesforce = mappings.some(
    (mapping) => mapping.active && flowsIn(mapping.direction, 'wordpress-to-salesforce'),
  );
  const answer: Record<string, ObjectLinkStatus> = {};
  for (const id of ids) {
    const link = mappings
      .map((mapping) => context.store.findByWordPressId(mapping.name, id))
      .find((found) => found !== undefined);
    const open = (letters.get(id) ?? []).sort((a, b) =>
      b.lastFailedAt.localeCompare(a.lastFailedAt),
    );
    const newestFailure = open[0];
    const failedLast =
      newestFailure !== undefined &&
      (link === undefined || newestFailure.lastFailedAt >= link.updatedAt);
    answer[String(id)] = {
      state: open.length > 0 ? 'failed' : link ? 'linked' : 'not-linked',
      mapping: link?.mapping ?? newestFailure?.mapping ?? null,
      salesforceId: link?.salesforceId ?? newestFailure?.salesforceId ?? null,
      recordUrl: recordUrl(instanceUrl, link?.salesforceId ?? newestFailure?.salesforceId),
      lastSyncAt: failedLast ? newestFailure.lastFailedAt : (link?.updatedAt ?? null),
      lastStatus: failedLast ? 'Failed' : link ? 'Success' : null,
      lastMessage: failedLast
        ? `${newestFailure.errorCode}: ${newestFailure.errorMessage}`
        : link
          ? 'Synced'
          : null,
      openDeadLetters: open.map(view),
      syncsToSalesforce,
    };
  }
  return answer;
}

/**
 * `POST /wordpress/link-status` with `{ "type": "user", "ids": [12, 13] }`: for each id, the
 * linked Salesforce record, the last sync and the open dead letters (read from the id links
 * and dead letters the connector keeps; WordPress holds no Salesforce credentials).
 */
export function linkStatusRoute(context: LinkStatusContext): SignedRoute {
  return {
    method: 'POST',
    path: 'link-status',
    handle: (request) =>
      answering(() => {
        const body = bodyObject(request.body);
        const type = objectType(body.type);
        const ids = wordpressIds(body.ids);
        return { status: 200, body: { type, objects: linkStatuses(context, type, ids) } };
      }),
  };
}
