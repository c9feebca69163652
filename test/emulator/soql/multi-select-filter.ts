/**
 * INCLUDES and EXCLUDES on multi-select picklists (SOQL and SOSL Reference, "Query Multi-Select
 * Picklists"): each string is one or more values joined with `;`, all of which must be selected
 * for it to match; INCLUDES matches when any string matches, EXCLUDES when none does. Picklist
 * values compare case-insensitively, as other SOQL text comparisons do here. The operators apply
 * only to multi-select picklists: on any other field the emulator answers
 * INVALID_QUERY_FILTER_OPERATOR (our reading of the platform's refusal).
 */
import { ApiError } from '../api-error.js';
import type { EmulatorField } from '../contracts.js';
import { multiSelectElements } from '../store/picklist-values.js';

function selectedSet(value: unknown): Set<string> {
  if (typeof value !== 'string') return new Set();
  return new Set(multiSelectElements(value).map((element) => element.trim().toLowerCase()));
}

export function multiSelectMatcher(
  field: EmulatorField,
  values: readonly string[],
  excludes: boolean,
): (value: unknown) => boolean {
  if (field.type !== 'multipicklist') {
    throw new ApiError(
      400,
      'INVALID_QUERY_FILTER_OPERATOR',
      `${excludes ? 'excludes' : 'includes'} operator only valid on multipicklist field: ${field.name}`,
    );
  }
  const wanted = values.map((value) => [...selectedSet(value)]);
  return (value) => {
    const selected = selectedSet(value);
    const matches = wanted.some(
      (all) => all.length > 0 && all.every((element) => selected.has(element)),
    );
    return excludes ? !matches : matches;
  };
}
