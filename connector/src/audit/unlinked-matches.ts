import type { ObjectMapping } from '../mapping/types.js';
import type { SalesforceRecord } from '../salesforce/record-gateway.js';
import type { IdLink, StateStore } from '../store/state-store.js';
import type { LookupMatch } from '../wordpress/companion-plugin.js';
import type { WordPressObject } from '../wordpress/types.js';
import type { UnlinkedMatch } from './report.js';

/** The WordPress client's `lookUp`: objects whose field equals one of the values. */
export type MatchLookup = (
  type: string,
  field: string,
  values: readonly string[],
) => Promise<LookupMatch[] | undefined>;

/** A record of the page, with its link (and the linked object read) when it has one. */
export interface MatchCandidate {
  record: SalesforceRecord;
  link?: IdLink;
  linkedObject?: WordPressObject;
}

/** A match value as the sync compares it (findMatch): trimmed, case-insensitive. */
function matchKey(value: string): string {
  return value.trim().toLowerCase();
}

/** User fields WordPress core keeps unique (wp_insert_user refuses a second user with one). */
const UNIQUE_USER_FIELDS = new Set(['email', 'username']);

/**
 * Whether a linked record's match value needs looking up: not when its own WordPress object
 * holds the value in a field core keeps unique, since no other object can hold it too. This
 * keeps the audit of a linked, healthy user mapping to the reads of its pairs.
 */
function worthLookingUp(mapping: ObjectMapping, candidate: MatchCandidate, key: string): boolean {
  const field = mapping.wordpressMatchField;
  if (!candidate.link) return true;
  if (mapping.wordpressType !== 'user' || !field || !UNIQUE_USER_FIELDS.has(field)) return true;
  const held = (candidate.linkedObject as Record<string, unknown> | undefined)?.[field];
  return typeof held !== 'string' || matchKey(held) !== key;
}

/**
 * Objects on either side that match by the match field but are not linked together: an
 * unlinked record whose match value a WordPress object holds (the sync would link them, or
 * could not, that object being linked to another record), and a WordPress object without a
 * link holding a linked record's match value. One lookup (200 values a request) per page.
 */
export async function findUnlinkedMatches(
  mapping: ObjectMapping,
  candidates: readonly MatchCandidate[],
  lookUp: MatchLookup,
  store: Pick<StateStore, 'findByWordPressId'>,
): Promise<UnlinkedMatch[]> {
  const { matchField, wordpressMatchField } = mapping;
  if (!matchField || !wordpressMatchField) return [];
  const byValue = new Map<string, MatchCandidate[]>();
  for (const candidate of candidates) {
    const value = candidate.record[matchField];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const key = matchKey(value);
    if (!worthLookingUp(mapping, candidate, key)) continue;
    byValue.set(key, [...(byValue.get(key) ?? []), candidate]);
  }
  if (byValue.size === 0) return [];
  const values = [...byValue.values()]
    .flat()
    .map(({ record }) => String(record[matchField]).trim());
  const found = await lookUp(mapping.wordpressType, wordpressMatchField, [...new Set(values)]);
  const matches: UnlinkedMatch[] = [];
  for (const object of found ?? []) {
    const owner = store.findByWordPressId(mapping.name, object.id);
    for (const { record, link } of byValue.get(matchKey(object.value)) ?? []) {
      const unmatched = unlinkedPair(record, link, object.id, owner);
      if (unmatched) matches.push({ ...unmatched, matchValue: String(record[matchField]).trim() });
    }
  }
  return matches;
}

/** The pair a record and a found object make when they are not linked together; else none. */
function unlinkedPair(
  record: SalesforceRecord,
  link: IdLink | undefined,
  wordpressId: number,
  owner: IdLink | undefined,
): Omit<UnlinkedMatch, 'matchValue'> | undefined {
  const salesforceId = String(record.Id);
  if (!link)
    return {
      salesforceId,
      wordpressId,
      ...(owner ? { wordpressLinkedTo: owner.salesforceId } : {}),
    };
  // A linked record: only an object without any link is an unlinked match (one linked to
  // another record is that record's pair, audited there).
  if (owner || link.wordpressId === wordpressId) return undefined;
  return { salesforceId, wordpressId, salesforceLinkedTo: link.wordpressId };
}
