import type { SalesforceFieldType } from '../contracts.js';

/** Field types whose values are text (describe's string-like types, SOQL text comparison). */
export const TEXT_FIELD_TYPES: ReadonlySet<SalesforceFieldType> = new Set<SalesforceFieldType>([
  'string',
  'textarea',
  'email',
  'url',
  'phone',
  'picklist',
  'multipicklist',
]);

/** Numeric field types: SUM() and AVG() take only these. */
export const NUMERIC_FIELD_TYPES: ReadonlySet<SalesforceFieldType> = new Set<SalesforceFieldType>([
  'int',
  'double',
  'currency',
  'percent',
]);

/**
 * Whether GROUP BY accepts the field (describe's `groupable`). Long text areas and fractional
 * numbers (double, currency, percent) are not groupable (SOQL and SOSL Reference,
 * "Considerations for GROUP BY": check `groupable` in describe).
 */
export function isGroupable(field: { type: SalesforceFieldType; filterable: boolean }): boolean {
  return field.filterable && !['double', 'currency', 'percent'].includes(field.type);
}
