import type { WordPressFields, WordPressObject } from '../wordpress/types.js';

const META_PREFIX = 'meta.';

/** Fields WordPress returns as `{ raw, rendered }`; with `context=edit` we read `raw`. */
const RENDERED_FIELDS = new Set(['title', 'content', 'excerpt', 'guid']);

export function isMetaField(wordpressField: string): boolean {
  return wordpressField.startsWith(META_PREFIX) && wordpressField.length > META_PREFIX.length;
}

/** Puts a value where the REST API expects it: top level, or inside `meta`. */
export function setWordPressField(
  target: WordPressFields,
  wordpressField: string,
  value: unknown,
): void {
  if (isMetaField(wordpressField)) {
    const meta = (target.meta ?? {}) as Record<string, unknown>;
    meta[wordpressField.slice(META_PREFIX.length)] = value;
    target.meta = meta;
    return;
  }
  target[wordpressField] = value;
}

/** Reads a mapped field from a WordPress object fetched with `context=edit`. */
export function getWordPressField(object: WordPressObject, wordpressField: string): unknown {
  if (isMetaField(wordpressField)) return object.meta[wordpressField.slice(META_PREFIX.length)];
  const value = (object as unknown as Record<string, unknown>)[wordpressField];
  if (RENDERED_FIELDS.has(wordpressField) && value !== null && typeof value === 'object') {
    const rendered = value as { raw?: unknown; rendered?: unknown };
    return rendered.raw ?? rendered.rendered;
  }
  return value;
}
