import type { WordPressObject } from '../wordpress/types.js';
import { applyTransform, isKnownTransform } from './transforms.js';
import { flowsIn, type FieldProblem, type ObjectMapping } from './types.js';
import { getWordPressField } from './wordpress-fields.js';

export interface SalesforceValues {
  values: Record<string, unknown>;
  problems: FieldProblem[];
}

/**
 * Reads the Salesforce field values for one WordPress object: every field mapping that flows
 * WordPress → Salesforce, transformed. Empty text becomes null, as Salesforce stores it.
 */
export function mapToSalesforce(mapping: ObjectMapping, object: WordPressObject): SalesforceValues {
  const values: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const field of mapping.fields) {
    if (!flowsIn(field.direction, 'wordpress-to-salesforce')) continue;
    const raw = getWordPressField(object, field.wordpressField);
    const transformed = applyTransform(field.transform, raw);
    if (!transformed.ok) {
      problems.push({
        field: field.salesforceField,
        code: isKnownTransform(field.transform) ? 'INVALID_VALUE' : 'UNKNOWN_TRANSFORM',
        message: `${mapping.wordpressType} ${object.id} ${field.wordpressField} → ${field.salesforceField}: ${transformed.message}`,
      });
      continue;
    }
    const value =
      transformed.value === '' || transformed.value === undefined ? null : transformed.value;
    if (field.required && value === null) {
      problems.push({
        field: field.salesforceField,
        code: 'REQUIRED_FIELD_MISSING',
        message: `${mapping.wordpressType} ${object.id} has no ${field.wordpressField}, required by mapping ${field.name}`,
      });
      continue;
    }
    values[field.salesforceField] = value;
  }
  return { values, problems };
}
