import type { WordPressFields } from '../wordpress/types.js';
import { escapeHtmlText, holdsEscapedText } from './html-text.js';
import { elementsOf } from './set-values.js';
import { applyTransform, isKnownTransform } from './transforms.js';
import { flowsIn, type FieldProblem, type ObjectMapping } from './types.js';
import { isMetaField, setWordPressField } from './wordpress-fields.js';

export interface WordPressPayload {
  fields: WordPressFields;
  problems: FieldProblem[];
}

function isBlank(value: unknown): boolean {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}

/**
 * Builds the WordPress REST body for one Salesforce record: every field mapping that flows
 * Salesforce → WordPress, transformed, placed top level or in `meta`. `onlyFields` (Salesforce
 * field names) limits an update to what changed. A blank required field is a problem, and so
 * is a value its transform rejects; the caller dead-letters the record instead of writing it.
 * Text for fields WordPress keeps HTML-escaped (names, titles) is sent escaped; a set ("A;B",
 * Topic names) is sent as its list of elements.
 */
export function mapToWordPress(
  mapping: ObjectMapping,
  salesforceValues: Readonly<Record<string, unknown>>,
  onlyFields?: ReadonlySet<string>,
): WordPressPayload {
  const fields: WordPressFields = {};
  const problems: FieldProblem[] = [];
  for (const field of mapping.fields) {
    if (!flowsIn(field.direction, 'salesforce-to-wordpress')) continue;
    if (onlyFields && !onlyFields.has(field.salesforceField)) continue;
    const raw = salesforceValues[field.salesforceField];
    if (field.required && isBlank(raw)) {
      problems.push({
        field: field.salesforceField,
        code: 'REQUIRED_FIELD_MISSING',
        message: `${mapping.salesforceObject}.${field.salesforceField} is required by mapping ${field.name} but is blank`,
      });
      continue;
    }
    if (field.set) {
      // A set goes as a list: a user meta list, or roles (which the role guard checks first).
      setWordPressField(fields, field.wordpressField, elementsOf(raw));
      continue;
    }
    const transformed = applyTransform(field.transform, raw);
    if (!transformed.ok) {
      problems.push({
        field: field.salesforceField,
        code: isKnownTransform(field.transform) ? 'INVALID_VALUE' : 'UNKNOWN_TRANSFORM',
        message: `${mapping.salesforceObject}.${field.salesforceField} → ${field.wordpressField}: ${transformed.message}`,
      });
      continue;
    }
    // WordPress rejects null for its own text fields but deletes a meta value given null.
    const value =
      transformed.value === null || transformed.value === undefined
        ? isMetaField(field.wordpressField)
          ? null
          : ''
        : transformed.value;
    setWordPressField(
      fields,
      field.wordpressField,
      typeof value === 'string' &&
        holdsEscapedText(mapping.wordpressType, field.wordpressField, field.transform)
        ? escapeHtmlText(value)
        : value,
    );
  }
  return { fields, problems };
}
