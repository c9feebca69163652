import type { Side } from '../mapping/merge.js';
import type { ObjectMapping } from '../mapping/types.js';
import { salesforceDateTime, wordPressChangedAt } from '../engine/timestamps.js';
import type { WordPressObject } from '../wordpress/types.js';

export const PREFERENCES = ['salesforce', 'wordpress'] as const;
export type Preference = (typeof PREFERENCES)[number];

/**
 * Which side's values a repair writes to the other: a one-way mapping's source always; else
 * `--prefer`, else the mapping's conflict policy (NewestWins: the side changed last, a tie or
 * an unknown time to Salesforce, as the merge decides). A string says why nothing is written.
 */
export function repairSource(
  mapping: ObjectMapping,
  prefer: Preference | undefined,
  salesforceModstamp: unknown,
  wordpress: WordPressObject,
): Side | { refused: string } {
  const oneWay =
    mapping.direction === 'SalesforceToWordPress'
      ? 'salesforce'
      : mapping.direction === 'WordPressToSalesforce'
        ? 'wordpress'
        : undefined;
  if (oneWay) {
    if (prefer && prefer !== oneWay)
      return {
        refused: `--prefer ${prefer} on mapping ${mapping.name}, which only syncs ${mapping.direction}`,
      };
    return oneWay;
  }
  if (prefer) return prefer;
  if (mapping.conflictPolicy === 'SalesforceWins') return 'salesforce';
  if (mapping.conflictPolicy === 'WordPressWins') return 'wordpress';
  const salesforceTime = salesforceDateTime(salesforceModstamp)?.getTime();
  const wordpressTime = wordPressChangedAt(wordpress)?.getTime();
  if (wordpressTime === undefined) return 'salesforce';
  if (salesforceTime === undefined) return 'wordpress';
  return wordpressTime > salesforceTime ? 'wordpress' : 'salesforce';
}
