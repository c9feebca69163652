/**
 * The package's record triggers (Contact, Account, Lead → WPSyncTriggerHandler): after a
 * transaction commits, each API change of a mapped object publishes WP_Sync_Event__e by the
 * rules, unless the running user holds WP_Sync_Integration. Changes made by the result trigger
 * never publish (that is how the package stamps records without a new sync event). Contacts
 * deleted with their Account publish DELETE events through the Account's before delete.
 */
import type { SessionInfo } from '../contracts.js';
import { INTEGRATION_PERMISSION, type OrgUser } from '../org-config.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { RecordChange, RecordStore } from '../store/record-store.js';
import type { PlatformEventPublisher } from './platform-event-publisher.js';
import { syncEventsFor } from './sync-event-rules.js';
import { buildSyncMappings, type SyncMapping } from './sync-mappings.js';

export const SYNC_EVENT = 'WP_Sync_Event__e';
export const OBJECT_MAPPING_TYPE = 'WP_Object_Mapping__mdt';
export const FIELD_MAPPING_TYPE = 'WP_Field_Mapping__mdt';

/** The active mappings as the package reads them with getAll(). */
export function currentMappings(schema: OrgSchema, store: RecordStore): SyncMapping[] {
  if (!schema.getObject(OBJECT_MAPPING_TYPE) || !schema.getObject(FIELD_MAPPING_TYPE)) return [];
  return buildSyncMappings(
    [...store.rows(OBJECT_MAPPING_TYPE)],
    [...store.rows(FIELD_MAPPING_TYPE)],
    schema,
  );
}

export interface SyncTriggerDependencies {
  schema: OrgSchema;
  store: RecordStore;
  publisher: PlatformEventPublisher;
  users: () => OrgUser[];
  now: () => number;
}

export function hasIntegrationPermission(users: OrgUser[], session: SessionInfo): boolean {
  return (
    users
      .find((user) => user.id === session.userId)
      ?.customPermissions.includes(INTEGRATION_PERMISSION) === true
  );
}

export function installSyncTrigger(deps: SyncTriggerDependencies): void {
  deps.store.onCommit((changes: RecordChange[]) => {
    if (!deps.schema.getObject(SYNC_EVENT)) return;
    const apiChanges = changes.filter((change) => change.origin === 'api');
    if (apiChanges.length === 0) return;
    const mappings = currentMappings(deps.schema, deps.store);
    const users = deps.users();
    for (const change of apiChanges) {
      // A cascade runs no trigger of the children (Apex "Operations That Don't Invoke Triggers").
      // For a cascade delete the parent's before-delete trigger publishes their DELETE events by
      // the same rules (WPSyncCascadeDeletes); nothing publishes for children restored with it.
      if (change.cascadeOf !== undefined && change.operation !== 'DELETE') continue;
      const events = syncEventsFor(
        mappings,
        change.objectName,
        {
          operation: change.operation,
          before: change.before,
          after: change.after,
          now: new Date(deps.now()),
        },
        hasIntegrationPermission(users, change.session),
      );
      for (const event of events) deps.publisher.publish(SYNC_EVENT, { ...event }, change.session);
    }
  });
}
