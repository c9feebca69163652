import { elementsOf, sameSet } from './set-values.js';

export type SetSide = 'salesforce' | 'wordpress';

/** What each side of a set field should hold after a merge, element by element. */
export interface MergedSet {
  salesforce: string[];
  wordpress: string[];
}

/** An element one side added and the other removed since they agreed. */
export interface ElementConflict {
  element: string;
  salesforceHasIt: boolean;
  wordpressHasIt: boolean;
}

export interface SetMergeResult {
  merged: MergedSet;
  /** Whether each side changed any element since the agreed sets. */
  changedInSalesforce: boolean;
  changedInWordPress: boolean;
  conflicts: ElementConflict[];
  /** The side a conflicting element follows. */
  winner?: SetSide;
}

export interface SetMergeInput {
  agreedSalesforce: unknown;
  agreedWordPress: unknown;
  /** Undefined: this side's value is unknown here (not read, not among its changed fields). */
  salesforce: unknown;
  wordpress: unknown;
  winner: () => SetSide;
}

/**
 * Three-way merge of a set, element by element, against the sets both sides last agreed on: an
 * element only one side added or removed is added or removed on the other, so concurrent
 * additions on both sides all survive and a removal removes only that element. An element one
 * side added and the other removed (possible only when the agreed sets differ) follows the
 * winner of the mapping's conflict policy. An element neither side changed stays as each side
 * holds it (a role the guard kept from WordPress is not removed from Salesforce).
 */
export function mergeSets(input: SetMergeInput): SetMergeResult {
  const known = {
    salesforce: input.salesforce !== undefined,
    wordpress: input.wordpress !== undefined,
  };
  const agreedSf = new Set(elementsOf(input.agreedSalesforce));
  const agreedWp = new Set(elementsOf(input.agreedWordPress));
  const sf = new Set(known.salesforce ? elementsOf(input.salesforce) : agreedSf);
  const wp = new Set(known.wordpress ? elementsOf(input.wordpress) : agreedWp);
  const merged: MergedSet = { salesforce: [], wordpress: [] };
  const conflicts: ElementConflict[] = [];
  let winner: SetSide | undefined;
  const all = elementsOf([...agreedSf, ...agreedWp, ...sf, ...wp]);
  for (const element of all) {
    const inSf = sf.has(element);
    const inWp = wp.has(element);
    const sfChanged = inSf !== agreedSf.has(element);
    const wpChanged = inWp !== agreedWp.has(element);
    let decided: boolean | undefined;
    if (sfChanged && wpChanged && inSf !== inWp) {
      winner ??= input.winner();
      conflicts.push({ element, salesforceHasIt: inSf, wordpressHasIt: inWp });
      decided = winner === 'salesforce' ? inSf : inWp;
    } else if (sfChanged) decided = inSf;
    else if (wpChanged) decided = inWp;
    if (decided ?? inSf) merged.salesforce.push(element);
    if (decided ?? inWp) merged.wordpress.push(element);
  }
  return {
    merged,
    changedInSalesforce: known.salesforce && !sameSet([...sf], [...agreedSf]),
    changedInWordPress: known.wordpress && !sameSet([...wp], [...agreedWp]),
    conflicts,
    ...(winner ? { winner } : {}),
  };
}
