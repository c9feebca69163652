import type { USER_TYPE } from '../wordpress/types.js';
import { HTML_TRANSFORMS, URL_TRANSFORMS } from './transforms.js';
import { isMetaField } from './wordpress-fields.js';

/** WordPress's user type, typed against its constant so the two cannot drift apart. */
const USER: typeof USER_TYPE = 'user';

/**
 * WordPress fields that hold plain text HTML-escaped: a user's names (core runs them through
 * `_wp_specialchars`, so `Tom & Jerry` is stored as `Tom &amp; Jerry`), a post's title (kses
 * normalises `&` the same way for writers without `unfiltered_html`, and the companion plugin
 * filters every connector write so) and plain-text meta (the plugin runs it through kses).
 * Salesforce holds the same values as plain text.
 */
const ESCAPED_USER_FIELDS = new Set(['first_name', 'last_name', 'nickname', 'name']);
const ESCAPED_POST_FIELDS = new Set(['title']);

/**
 * Whether a field's plain text is escaped on the way to WordPress and decoded on the way back.
 * Not when the mapping's transform already makes HTML of it (`TextToHtml`, `Html`): that value
 * is markup for WordPress as it stands.
 */
export function holdsEscapedText(
  wordpressType: string,
  wordpressField: string,
  transform?: string,
): boolean {
  if (transform !== undefined && HTML_TRANSFORMS.has(transform)) return false;
  // The companion plugin runs the connector's plain-text meta through kses, which escapes `&`.
  if (isMetaField(wordpressField)) return transform === undefined || !URL_TRANSFORMS.has(transform);
  return (wordpressType === USER ? ESCAPED_USER_FIELDS : ESCAPED_POST_FIELDS).has(wordpressField);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Plain text as WordPress keeps it in an escaped field. Escaping before sending makes the
 * round trip exact: WordPress never escapes an entity twice, and what looks like a tag is text,
 * not markup its sanitising would strip.
 */
export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>]/g, (character) => ESCAPES[character] ?? character);
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** The plain text of an escaped WordPress value: every entity decoded, in one pass. */
export function unescapeHtmlText(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (entity, code: string) => {
    const lower = code.toLowerCase();
    if (!lower.startsWith('#')) return NAMED[lower] ?? entity;
    const point = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : Number(lower.slice(1));
    return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
  });
}

/** A WordPress field's value as plain text: decoded where WordPress escapes it. */
export function readableValue(
  wordpressType: string,
  wordpressField: string,
  value: unknown,
  transform?: string,
): unknown {
  return typeof value === 'string' && holdsEscapedText(wordpressType, wordpressField, transform)
    ? unescapeHtmlText(value)
    : value;
}
