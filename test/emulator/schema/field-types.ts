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
