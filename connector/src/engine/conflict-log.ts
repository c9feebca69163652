import type { Logger } from 'pino';
import type { FieldConflict } from '../mapping/merge.js';
import type { SyncDirection } from '../mapping/types.js';

export interface ConflictSubject {
  direction: SyncDirection;
  mapping: string;
  salesforceId: string | undefined;
  wordpressId: number | undefined;
}

/** One warning per conflicting field, with both values, the policy and the winner. */
export function logConflicts(
  logger: Logger,
  subject: ConflictSubject,
  conflicts: readonly FieldConflict[],
): void {
  for (const conflict of conflicts) {
    logger.warn(
      {
        ...subject,
        field: conflict.field,
        salesforceValue: conflict.salesforceValue,
        wordpressValue: conflict.wordpressValue,
        policy: conflict.policy,
        winner: conflict.winner,
      },
      'conflict resolved',
    );
  }
}
