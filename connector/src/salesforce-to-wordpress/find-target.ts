import type { ObjectMapping } from '../mapping/types.js';
import { getWordPressField } from '../mapping/wordpress-fields.js';
import { USER_TYPE, type WordPressObject } from '../wordpress/types.js';
import type { ApplyDependencies } from './apply-dependencies.js';
import { failureThrown, type ApplyOutcome } from './apply-outcome.js';
import type { SyncEvent } from './event.js';

/** A WordPress object of the mapping's type whose match field equals the record's match value. */
export async function findMatch(
  mapping: ObjectMapping,
  event: SyncEvent,
  deps: Pick<ApplyDependencies, 'wordpress' | 'store' | 'matcher'>,
): Promise<number | undefined> {
  if (!mapping.matchField || !mapping.wordpressMatchField) return undefined;
  const value = event.payload[mapping.matchField];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const wanted = value.trim().toLowerCase();
  const field = mapping.wordpressMatchField;
  const read = (item: WordPressObject): unknown => getWordPressField(item, field);
  // Lookups of records worked on together share requests when a matcher batches them.
  const candidates = deps.matcher
    ? await deps.matcher.find(mapping.wordpressType, field, read, value)
    : (
        await deps.wordpress.list(mapping.wordpressType, {
          search: value.trim(),
          perPage: 20,
          ...(mapping.wordpressType === USER_TYPE ? {} : { status: 'any' }),
        })
      ).items;
  const match = candidates.find((item) => {
    const candidate = read(item);
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
  deps: Pick<ApplyDependencies, 'wordpress' | 'store' | 'matcher'>,
  attempted: unknown,
): Promise<{ id: number | undefined } | { outcome: ApplyOutcome }> {
  try {
    return { id: await findMatch(mapping, event, deps) };
  } catch (error) {
    const doing = `Looking up an existing ${mapping.wordpressType}`;
    return { outcome: failureThrown(error, doing, undefined, attempted) };
  }
}
