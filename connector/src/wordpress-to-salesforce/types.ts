import type { FieldConflict } from '../mapping/merge.js';
import type { RoleContext } from '../mapping/role-guard.js';
import type { SalesforceRecordGateway } from '../salesforce/record-gateway.js';
import type { TopicGateway } from '../salesforce/topic-gateway.js';
import type { StateStore } from '../store/state-store.js';
import type { WordPressClient } from '../wordpress/client.js';
import type { ChangeOperation } from '../wordpress/companion-plugin.js';
import type { WordPressObject } from '../wordpress/types.js';
import type { RecordLocks } from '../engine/record-locks.js';
import type { FailureKind } from '../engine/retry-policy.js';

/** One WordPress object to bring to Salesforce: its id and what last happened to it. */
export interface WordPressChangeItem {
  id: number;
  operation: ChangeOperation;
  /** When WordPress recorded the change (the feed row's time); NewestWins compares it. */
  changedAt?: Date;
  /** A person asked for this sync in wp-admin: every mapped field is written (forceWrite). */
  manual?: boolean;
}

export type SalesforceOutcome = {
  wordpressId: number;
  salesforceId: string | undefined;
  operation: 'create' | 'update' | 'delete';
  message: string;
  conflicts: FieldConflict[];
  /** Nothing mapped changed (an echo or an unmapped edit): logged at debug, not reported. */
  quiet?: boolean;
  /** Salesforce fields written. */
  changedFields?: string[];
  /** In a dry run: what would happen, and the values Salesforce would get. */
  planned?: { action: 'create' | 'link' | 'update'; values: Record<string, unknown> };
} & (
  | { status: 'Success' | 'Skipped' }
  | { status: 'Failed'; code: string; kind: FailureKind; attempted: unknown }
);

export interface SalesforceApplyDependencies {
  /** Keeps the Salesforce → WordPress path off these records while this batch works on them. */
  locks?: RecordLocks;
  /** The connector's own WordPress user: a service account, never a Contact. */
  connectorUserId?: number;
  wordpress: Pick<WordPressClient, 'list' | 'writeMany'>;
  salesforce: Pick<SalesforceRecordGateway, 'upsert' | 'update' | 'destroy' | 'findByValueOrId'>;
  store: StateStore;
  /** Records' Topics, for mappings with a Topics set (docs/SEGMENTS.md). */
  topics?: Pick<TopicGateway, 'topicsOf' | 'change'>;
  /** The site's roles for the role guard; without it, read from `wordpress` once a minute. */
  roles?: () => Promise<RoleContext>;
}

export interface SalesforceApplyOptions {
  /** Write every mapped field, even when nothing seems changed (full sync, retry). */
  forceWrite?: boolean;
  /** Plan only: report what would be written, write nothing, record nothing. */
  dryRun?: boolean;
  /**
   * From `sfwp sync --full --direction wp-to-sf`: a Salesforce record met for the first time
   * takes WordPress's values (the operator asked Salesforce to match WordPress) instead of the
   * newest-wins merge live changes get.
   */
  backfill?: boolean;
  /** The objects, when the caller has just read them (a backfill lists them page by page). */
  objects?: ReadonlyMap<number, WordPressObject>;
}
