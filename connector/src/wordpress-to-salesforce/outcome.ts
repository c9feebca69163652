import type { RecordOutcome } from '../engine/outcome.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { SalesforceOutcome } from './apply.js';

/** One WordPress change's outcome in the engine's terms, for the outcome reporter. */
export function recordOutcome(mapping: ObjectMapping, outcome: SalesforceOutcome): RecordOutcome {
  const subject = {
    direction: 'wordpress-to-salesforce' as const,
    mapping: mapping.name,
    operation: outcome.operation,
    salesforceId: outcome.salesforceId,
    wordpressId: outcome.wordpressId,
  };
  if (outcome.status === 'Failed') {
    return {
      ...subject,
      status: 'Failed',
      code: outcome.code,
      message: outcome.message,
      conflicts: outcome.conflicts,
      // Enough to read the WordPress object again: a retry writes what WordPress holds then.
      retryPayload: {
        type: mapping.wordpressType,
        id: outcome.wordpressId,
        attempted: outcome.attempted,
      },
    };
  }
  return {
    ...subject,
    status: outcome.status,
    message: outcome.message,
    conflicts: outcome.conflicts,
    quiet: outcome.quiet,
  };
}
