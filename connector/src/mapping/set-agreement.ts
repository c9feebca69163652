import type { SyncState } from './agreed-values.js';
import type { MergedSet } from './set-merge.js';
import { elementsOf, salesforceSetValue, wordpressElements } from './set-values.js';
import type { ObjectMapping } from './types.js';

/** Elements the role guard kept from WordPress: roles it did not grant, or did not revoke. */
export interface RefusedElements {
  grants: readonly string[];
  revokes: readonly string[];
}

/**
 * Agreed values of set fields after Salesforce's set went to WordPress: both sides are recorded
 * as holding Salesforce's set, so whatever WordPress holds beyond it — elements a person added or
 * removed there meanwhile, kept by the merge — is a change of WordPress's at the next merge and
 * travels to Salesforce, element by element. Elements the role guard refused are recorded as
 * WordPress holds them, so a refused role is neither taken from Salesforce nor granted later.
 * Set fields not in `fields`, or whose Salesforce value is unknown here, keep their agreement.
 */
export function agreeOnSalesforceSets(
  mapping: ObjectMapping,
  state: SyncState,
  salesforceValues: Readonly<Record<string, unknown>>,
  fields: Iterable<string>,
  refused?: ReadonlyMap<string, RefusedElements>,
): SyncState {
  const names = new Set(fields);
  const salesforce = { ...state.salesforce };
  const wordpress = { ...state.wordpress };
  for (const field of mapping.fields) {
    const name = field.salesforceField;
    if (!field.set || !names.has(name) || !(name in salesforceValues)) continue;
    const held = refused?.get(name);
    const grantsRefused = new Set(held?.grants ?? []);
    const elements = [
      ...wordpressElements(field, elementsOf(salesforceValues[name])).filter(
        (element) => !grantsRefused.has(element),
      ),
      ...(held?.revokes ?? []),
    ];
    const asWordPressHolds = salesforceSetValue(field, elementsOf(elements));
    salesforce[name] = salesforceValues[name];
    wordpress[name] = 'value' in asWordPressHolds ? asWordPressHolds.value : null;
  }
  return { ...state, salesforce, wordpress };
}

/** Values with each merged set as `side` should hold it, for the write to that side. */
export function withMergedSets(
  values: Readonly<Record<string, unknown>>,
  sets: ReadonlyMap<string, MergedSet> | undefined,
  side: keyof MergedSet,
): Record<string, unknown> {
  if (!sets || sets.size === 0) return { ...values };
  const merged: Record<string, unknown> = { ...values };
  for (const [name, set] of sets) merged[name] = set[side];
  return merged;
}
