import type { WordPressObject } from '../wordpress/types.js';
import { readableValue } from './html-text.js';
import { salesforceSetValue, wordpressElements } from './set-values.js';
import { applyTransform, isKnownTransform } from './transforms.js';
import { flowsIn, type FieldProblem, type ObjectMapping } from './types.js';
import { getWordPressField } from './wordpress-fields.js';

export interface SalesforceValues {
  values: Record<string, unknown>;
  problems: FieldProblem[];
}

export interface MapToSalesforceOptions {
  /**
   * Keep a blank required field as null instead of reporting it: for recording what WordPress
   * holds (it may have sanitised a value away), not for writing to Salesforce.
   */
  allowBlank?: boolean;
}

/**
 * Reads the Salesforce field values for one WordPress object: every field mapping that flows
 * WordPress → Salesforce, decoded where WordPress keeps text HTML-escaped, transformed. Empty
 * text becomes null, as Salesforce stores it. A set becomes "A;B" for a multi-select picklist (an
 * element holding ';' is a problem naming it) or a list of Topic names.
 */
export function mapToSalesforce(
  mapping: ObjectMapping,
  object: WordPressObject,
  options: MapToSalesforceOptions = {},
): SalesforceValues {
  const values: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const field of mapping.fields) {
    if (!flowsIn(field.direction, 'wordpress-to-salesforce')) continue;
    if (field.set) {
      const elements = wordpressElements(field, getWordPressField(object, field.wordpressField));
      const converted = salesforceSetValue(field, elements);
      if ('problem' in converted) {
        const { problem } = converted;
        problems.push({
          ...problem,
          message: `${mapping.wordpressType} ${object.id} ${problem.message}`,
        });
      } else values[field.salesforceField] = converted.value;
      continue;
    }
    const raw = readableValue(
      mapping.wordpressType,
      field.wordpressField,
      getWordPressField(object, field.wordpressField),
      field.transform,
    );
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
    if (field.required && value === null && options.allowBlank !== true) {
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
