/**
 * The mapped values both sides last agreed on, by Salesforce field name. Comparing either
 * side's current values with these says which side changed which field since the last sync.
 */
export interface SyncState {
  /** Salesforce's values (raw, as Salesforce holds them). */
  salesforce: Record<string, unknown>;
  /** WordPress's values, mapped to Salesforce fields (transformed, as WordPress holds them). */
  wordpress: Record<string, unknown>;
  /** Salesforce SystemModstamp a merge last read: sync events up to it are already merged. */
  salesforceSeenAt?: string;
  /**
   * A write in flight, recorded just before it is sent and gone once its agreement is recorded:
   * the values it makes both sides hold. After a crash between the write and its record, a
   * field whose `target` side holds the pending value counts as agreed (the write landed), so
   * the next merge does not mistake the connector's own write for a change someone made.
   */
  pending?: PendingWrite;
}

export interface PendingWrite {
  target: 'salesforce' | 'wordpress';
  salesforce: Record<string, unknown>;
  wordpress: Record<string, unknown>;
}
