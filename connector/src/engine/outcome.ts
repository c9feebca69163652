import type { FieldConflict } from '../mapping/merge.js';
import type { AlteredField } from '../mapping/stored-values.js';
import type { SyncDirection } from '../mapping/types.js';

/** Which record an outcome is about, in both systems' terms. */
export interface OutcomeSubject {
  direction: SyncDirection;
  mapping: string;
  /** What the source asked for: CREATE/UPDATE/DELETE from Salesforce, create/update/delete from WordPress. */
  operation: string;
  salesforceId: string | undefined;
  wordpressId: number | undefined;
}

interface Settled extends OutcomeSubject {
  status: 'Success' | 'Skipped';
  message: string;
  conflicts: readonly FieldConflict[];
  /** Fields the change touched, for the log. */
  changedFields?: readonly string[] | undefined;
  /** Written, but the destination stored these fields differently. */
  altered?: readonly AlteredField[] | undefined;
  /** Nothing mapped changed (an echo or an unmapped edit): a debug line, nothing reported. */
  quiet?: boolean | undefined;
}

interface Failed extends OutcomeSubject {
  status: 'Failed';
  code: string;
  message: string;
  conflicts?: readonly FieldConflict[] | undefined;
  /** What the dead letter keeps so `sfwp dlq retry` or Retry failed can run the record again. */
  retryPayload: unknown;
}

/**
 * One record's outcome in either direction: the one shape every pipeline hands to the
 * {@link OutcomeReporter}, whatever its source and destination.
 */
export type RecordOutcome = Settled | Failed;
