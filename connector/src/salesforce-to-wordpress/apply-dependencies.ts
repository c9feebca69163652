import type { RoleContext } from '../mapping/role-guard.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { TopicGateway } from '../salesforce/topic-gateway.js';
import type { StateStore } from '../store/state-store.js';
import type { WordPressClient } from '../wordpress/client.js';
import type { WordPressObject } from '../wordpress/types.js';
import type { RecordLocks } from '../engine/record-locks.js';
import type { MatchBatcher } from '../engine/match-batcher.js';
import type { WriteBatcher } from '../engine/write-batcher.js';

export interface ApplyDependencies {
  wordpress: Pick<WordPressClient, 'list'>;
  /** Keeps the WordPress → Salesforce path off a record while this path works on it. */
  locks?: RecordLocks;
  /** Reads an object before merging (a {@link ReadBatcher} shares list requests). */
  reader: { get(type: string, id: number): Promise<WordPressObject> };
  writer: Pick<WriteBatcher, 'submit'>;
  /** Looks up match values (a {@link MatchBatcher} shares requests); one search each without. */
  matcher?: Pick<MatchBatcher, 'find'>;
  store: StateStore;
  mapping(name: string): ObjectMapping | undefined;
  /** Password for users the connector creates; they sign in through password reset. */
  newUserPassword?: () => string;
  /**
   * The site's roles and the connector's own user, for the role guard; without it they are read
   * from the WordPress client (its companion plugin's status), once a minute.
   */
  roles?: () => Promise<RoleContext>;
  /** Records' Topics, for mappings with a Topics set (docs/SEGMENTS.md). */
  topics?: Pick<TopicGateway, 'topicsOf'>;
}
