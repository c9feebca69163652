import type { ObjectMapping } from '../mapping/types.js';
import { getWordPressField } from '../mapping/wordpress-fields.js';
import { USER_TYPE } from '../wordpress/types.js';
import type { ApplyDependencies } from './apply-dependencies.js';
import { failureThrown, type ApplyOutcome } from './apply-outcome.js';
import type { SyncEvent } from './event.js';

/** A WordPress object of the mapping's type whose match field equals the record's match value. */
export async function findMatch(
  mapping: ObjectMapping,
  event: SyncEvent,
  deps: Pick<ApplyDependencies, 'wordpress' | 'store'>,
): Promise<number | undefined> {
  if (!mapping.matchField || !mapping.wordpressMatchField) return undefined;
  const value = event.payload[mapping.matchField];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const wanted = value.trim().toLowerCase();
  const page = await deps.wordpress.list(mapping.wordpressType, {
    search: value.trim(),
    perPage: 20,
    ...(mapping.wordpressType === USER_TYPE ? {} : { status: 'any' }),
  });
  const match = page.items.find((item) => {
    const candidate = getWordPressField(item, mapping.wordpressMatchField ?? '');
    return typeof candidate === 'string' && candidate.trim().toLowerCase() === wanted;
  });
  if (!match) return undefined;
  // Never steal an object already linked to another record.
  const owner = deps.store.findByWordPressId(mapping.name, match.id);
  return owner && owner.salesforceId !== event.recordId ? undefined : match.id;
}

/**
 * {@link findMatch}, or the failed outcome when the lookup failed (`attempted`: what would
 * have been written).
 */
export async function lookUpMatch(
  mapping: ObjectMapping,
  event: SyncEvent,
  deps: Pick<ApplyDependencies, 'wordpress' | 'store'>,
  attempted: unknown,
): Promise<{ id: number | undefined } | { outcome: ApplyOutcome }> {
  try {
    return { id: await findMatch(mapping, event, deps) };
  } catch (error) {
    const doing = `Looking up an existing ${mapping.wordpressType}`;
    return { outcome: failureThrown(error, doing, undefined, attempted) };
  }
}
