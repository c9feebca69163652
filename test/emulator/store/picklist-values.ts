/**
 * Restricted picklists: a value outside the field's value set is refused with
 * INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST and a message naming the value (platform-facts
 * "Segments"; the wording "bad value for restricted picklist field: <value>" is the one orgs
 * answer, as quoted in public issue threads). A multi-select picklist holds its values joined
 * with `;` ("Query Multi-Select Picklists", SOQL and SOSL Reference): each one is checked.
 * Unrestricted picklists accept any value, as on the platform.
 */
import { ApiError } from '../api-error.js';
import type { EmulatorField } from '../contracts.js';

/** The elements of a multi-select picklist value (`A;B` → `['A', 'B']`), empty ones dropped. */
export function multiSelectElements(value: string): string[] {
  return value.split(';').filter((element) => element !== '');
}

export function checkRestrictedPicklist(fieldDef: EmulatorField, text: string): void {
  if (fieldDef.restrictedPicklist !== true || text === '') return;
  const allowed = new Set(fieldDef.picklistValues ?? []);
  const values = fieldDef.type === 'multipicklist' ? multiSelectElements(text) : [text];
  const refused = values.find((value) => !allowed.has(value));
  if (refused === undefined) return;
  throw new ApiError(
    400,
    'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    `${fieldDef.label}: bad value for restricted picklist field: ${refused}`,
    [fieldDef.name],
  );
}
