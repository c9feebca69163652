import type { Connection } from 'jsforce';
import { salesforceCall } from '../errors.js';
import {
  accessEntriesFromMetadata,
  type AccessEntryRecord,
  type LoadedAccessEntries,
} from './access-entries.js';

const ACCESS_ENTRY_QUERY =
  'SELECT DeveloperName, MasterLabel, Kind__c, Active__c, Allow_Anonymous__c, Salesforce_Object__c, ' +
  'Allowed_Fields__c, Fixed_Filter__c, Max_Records__c, Apex_Path__c, Apex_Method__c, Cache_Seconds__c ' +
  'FROM WP_API_Access__mdt ORDER BY DeveloperName';

/** Reads the developer API's access entries from the org (what the admin deployed). */
export async function loadAccessEntriesFromOrg(
  connection: Connection,
): Promise<LoadedAccessEntries> {
  const result = await salesforceCall(
    connection.query<AccessEntryRecord>(ACCESS_ENTRY_QUERY, { autoFetch: true }),
  );
  return accessEntriesFromMetadata(result.records);
}

/**
 * The entries, read again once they are older than `maxAgeMs`, so an admin's change reaches
 * the site within that time without a metadata query on every call.
 */
export class AccessEntryCache {
  private loaded: { at: number; value: Promise<LoadedAccessEntries> } | undefined;

  constructor(
    private readonly load: () => Promise<LoadedAccessEntries>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<LoadedAccessEntries> {
    const current = this.loaded;
    if (current && this.now() - current.at < this.maxAgeMs) return current.value;
    const value = this.load();
    const loaded = { at: this.now(), value };
    this.loaded = loaded;
    value.catch(() => {
      if (this.loaded === loaded) this.loaded = undefined;
    });
    return value;
  }
}
