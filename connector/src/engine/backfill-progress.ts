/** What a backfill (`sfwp sync --full`) reports in either direction. */
export interface FullSyncProgress {
  total: number;
  done: number;
  created: number;
  updated: number;
  linked: number;
  unchanged: number;
  failed: number;
}

export interface DryRunChange {
  recordId: string;
  action: 'create' | 'link' | 'update' | 'unchanged' | 'invalid';
  /** Why an `invalid` record cannot be written. */
  reason?: string;
  wordpressId?: number;
  fields?: Record<string, { from: unknown; to: unknown }>;
}

/** A backfill's counts before its first record. */
export function emptyProgress(total: number): FullSyncProgress {
  return { total, done: 0, created: 0, updated: 0, linked: 0, unchanged: 0, failed: 0 };
}
