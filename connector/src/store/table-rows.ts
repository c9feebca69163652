import type { SyncState } from '../mapping/agreed-values.js';
import type { SyncDirection } from '../mapping/types.js';
import type { DeadLetter, DeadLetterStatus, IdLink } from './state-store.js';

/** A `dead_letters` row as SQLite and PostgreSQL both return it. */
export interface DeadLetterRow {
  id: number;
  mapping: string;
  direction: SyncDirection;
  salesforce_id: string | null;
  wordpress_id: number | null;
  operation: string;
  payload: string;
  error_code: string;
  error_message: string;
  attempts: number;
  status: DeadLetterStatus;
  first_failed_at: string;
  last_failed_at: string;
}

export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    mapping: row.mapping,
    direction: row.direction,
    ...(row.salesforce_id === null ? {} : { salesforceId: row.salesforce_id }),
    ...(row.wordpress_id === null ? {} : { wordpressId: row.wordpress_id }),
    operation: row.operation,
    payload: JSON.parse(row.payload) as unknown,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    attempts: row.attempts,
    status: row.status,
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
  };
}

/** An `id_map` row; the flag is 0/1 in SQLite and a boolean in PostgreSQL. */
export interface IdMapRow {
  mapping: string;
  salesforce_id: string;
  wordpress_id: number;
  salesforce_hash: string | null;
  wordpress_hash: string | null;
  updated_at: string;
  sync_state: string | null;
  salesforce_has_wordpress_id: number | boolean;
}

export function toLink(row: IdMapRow): IdLink {
  return {
    mapping: row.mapping,
    salesforceId: row.salesforce_id,
    wordpressId: row.wordpress_id,
    salesforceHash: row.salesforce_hash ?? undefined,
    wordpressHash: row.wordpress_hash ?? undefined,
    updatedAt: row.updated_at,
    salesforceHasWordPressId:
      row.salesforce_has_wordpress_id === true || row.salesforce_has_wordpress_id === 1,
    syncState: row.sync_state === null ? undefined : (JSON.parse(row.sync_state) as SyncState),
  };
}
