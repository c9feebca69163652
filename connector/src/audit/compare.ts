import type { SyncState } from '../mapping/agreed-values.js';
import { sameValue } from '../mapping/content-hash.js';
import { asWordPressHolds } from '../mapping/merge.js';
import { mapToSalesforce } from '../mapping/to-salesforce.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { WordPressObject } from '../wordpress/types.js';

/** One mapped field whose two sides disagree. */
export interface FieldDifference {
  /** Salesforce API name. */
  field: string;
  wordpressField: string;
  salesforceValue: unknown;
  /** What WordPress holds, read as the sync reads it (decoded, transformed). */
  wordpressValue: unknown;
}

/** The mapping with every field read from WordPress, whichever way it flows, none required. */
function readingEveryField(mapping: ObjectMapping): ObjectMapping {
  return {
    ...mapping,
    fields: mapping.fields.map((field) => ({
      ...field,
      direction: 'Bidirectional',
      required: false,
    })),
  };
}

/**
 * Each mapped field of one linked pair, WordPress's value read exactly as the sync reads it
 * (`mapToSalesforce`: entities decoded where WordPress escapes, the field's transform, blank as
 * null). A field is in step when the values are the same on the sync's terms (`sameValue`,
 * with the Salesforce value also compared as WordPress holds it, as the merge does), or when
 * both sides still hold exactly what they last agreed on — a value WordPress's sanitising
 * stored differently from Salesforce's, which the sync recorded and accepted.
 */
export function differingFields(
  mapping: ObjectMapping,
  salesforce: Readonly<Record<string, unknown>>,
  wordpress: WordPressObject,
  agreed: SyncState | undefined,
): FieldDifference[] {
  const everyField = readingEveryField(mapping);
  const wordpressValues = mapToSalesforce(everyField, wordpress, { allowBlank: true }).values;
  const heldInWordPress = asWordPressHolds(mapping, salesforce);
  const differences: FieldDifference[] = [];
  for (const field of mapping.fields) {
    const name = field.salesforceField;
    // A value WordPress holds that its transform rejects is still compared, as read.
    const wordpressValue = name in wordpressValues ? wordpressValues[name] : undefined;
    const salesforceValue = salesforce[name];
    if (sameValue(salesforceValue, wordpressValue)) continue;
    if (sameValue(heldInWordPress[name], wordpressValue)) continue;
    if (
      agreed &&
      name in agreed.salesforce &&
      name in agreed.wordpress &&
      sameValue(salesforceValue, agreed.salesforce[name]) &&
      sameValue(wordpressValue, agreed.wordpress[name])
    )
      continue;
    differences.push({
      field: name,
      wordpressField: field.wordpressField,
      salesforceValue: salesforceValue ?? null,
      wordpressValue: wordpressValue ?? null,
    });
  }
  return differences;
}
