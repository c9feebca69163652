import { readableValue } from './html-text.js';
import type { ObjectMapping } from './types.js';
import { getWordPressField, isMetaField } from './wordpress-fields.js';
import type { WordPressFields, WordPressObject } from '../wordpress/types.js';

/** A mapped field WordPress stored differently from what the connector sent. */
export interface AlteredField {
  /** WordPress field path (`last_name`, `meta.website`). */
  wordpressField: string;
  salesforceField: string;
  /** What was sent, as plain text. */
  sent: string | null;
  /** What WordPress stored, as plain text. */
  stored: string | null;
}

/** Text with runs of whitespace as one space and none at the ends. */
function spaced(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Mapped fields whose stored value differs from the value written: WordPress's own sanitising
 * (percent-escapes dropped from names, an unsafe URL emptied, kses on HTML). Compared as plain
 * text, so the escaping WordPress applies to names and titles is not a difference, and neither
 * is whitespace alone (WordPress trims titles and collapses line breaks in names).
 */
export function storedDifferently(
  mapping: ObjectMapping,
  sent: WordPressFields,
  stored: WordPressObject,
): AlteredField[] {
  const meta = (sent.meta ?? {}) as Record<string, unknown>;
  const altered: AlteredField[] = [];
  for (const field of mapping.fields) {
    const path = field.wordpressField;
    const wrote = isMetaField(path) ? meta[path.slice('meta.'.length)] : sent[path];
    if (wrote === undefined || (typeof wrote !== 'string' && wrote !== null)) continue;
    const now = getWordPressField(stored, path);
    if (now !== undefined && typeof now !== 'string' && now !== null) continue;
    const type = mapping.wordpressType;
    const sentText = readableValue(type, path, wrote ?? '', field.transform) as string;
    const storedText = readableValue(type, path, now ?? '', field.transform) as string;
    if (spaced(sentText) !== spaced(storedText)) {
      altered.push({
        wordpressField: path,
        salesforceField: field.salesforceField,
        sent: wrote === null ? null : sentText,
        stored: now === null || now === undefined ? null : storedText,
      });
    }
  }
  return altered;
}

const SHOWN = 80;

function shown(value: string | null): string {
  if (value === null) return 'null';
  return JSON.stringify(value.length > SHOWN ? `${value.slice(0, SHOWN)}…` : value);
}

/** One line naming each altered field with both values, for the outcome and the sync log. */
export function describeAltered(altered: readonly AlteredField[]): string {
  return (
    `WordPress sanitised ${altered.map((field) => field.wordpressField).join(', ')} ` +
    `(stored a different value than sent: ${altered
      .map(
        (field) =>
          `${field.wordpressField} sent ${shown(field.sent)}, stored ${shown(field.stored)}`,
      )
      .join('; ')}); Salesforce keeps its value`
  );
}
