import type { ObjectMapping } from '../mapping/types.js';
import type { SalesforceRecord } from '../salesforce/record-gateway.js';
import type { StateStore } from '../store/state-store.js';
import type { LookupMatch } from '../wordpress/companion-plugin.js';
import type { UnlinkedMatch } from './report.js';

/** The WordPress client's `lookUp`: objects whose field equals one of the values. */
export type MatchLookup = (
  type: string,
  field: string,
  values: readonly string[],
) => Promise<LookupMatch[] | undefined>;

/** A match value as the sync compares it (findMatch): trimmed, case-insensitive. */
function matchKey(value: string): string {
  return value.trim().toLowerCase();
}

/**
 * Unlinked Salesforce records whose match value a WordPress object of the mapping's type
 * holds: objects the sync would link (or could not, being linked to another record). One
 * lookup per page of records; nothing when the mapping has no match fields.
 */
export async function findUnlinkedMatches(
  mapping: ObjectMapping,
  records: readonly SalesforceRecord[],
  lookUp: MatchLookup,
  store: Pick<StateStore, 'findByWordPressId'>,
): Promise<UnlinkedMatch[]> {
  const { matchField, wordpressMatchField } = mapping;
  if (!matchField || !wordpressMatchField) return [];
  const byValue = new Map<string, SalesforceRecord[]>();
  for (const record of records) {
    const value = record[matchField];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const key = matchKey(value);
    byValue.set(key, [...(byValue.get(key) ?? []), record]);
  }
  if (byValue.size === 0) return [];
  const found = await lookUp(mapping.wordpressType, wordpressMatchField, [
    ...new Set([...byValue.values()].flat().map((record) => String(record[matchField]).trim())),
  ]);
  const matches: UnlinkedMatch[] = [];
  for (const object of found ?? []) {
    const owner = store.findByWordPressId(mapping.name, object.id);
    for (const record of byValue.get(matchKey(object.value)) ?? []) {
      matches.push({
        salesforceId: String(record.Id),
        wordpressId: object.id,
        matchValue: String(record[matchField]).trim(),
        ...(owner ? { wordpressLinkedTo: owner.salesforceId } : {}),
      });
    }
  }
  return matches;
}
