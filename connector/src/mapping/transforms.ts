/**
 * Value transforms named by `WP_Field_Mapping__mdt.Transform__c`. Each is pure and applies in
 * the direction the value travels. Wrong input types are reported, never coerced silently.
 */
export type TransformResult = { ok: true; value: unknown } | { ok: false; message: string };

type Transform = (value: unknown) => TransformResult;

const ok = (value: unknown): TransformResult => ({ ok: true, value });

function textOnly(name: string, apply: (text: string) => unknown): Transform {
  return (value) => {
    if (value === null || value === undefined) return ok(value);
    if (typeof value !== 'string') {
      return { ok: false, message: `${name} needs text, got ${typeof value}` };
    }
    return ok(apply(value));
  };
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/** Text of an HTML fragment: no tags, no script or style bodies, entities decoded, blocks as lines. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr|blockquote)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (entity: string, code: string) => {
      const lower = code.toLowerCase();
      if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
      if (lower.startsWith('#') && lower !== '#39')
        return String.fromCodePoint(Number(lower.slice(1)));
      return ENTITIES[lower] ?? entity;
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * `&` becomes `&#038;` (as WordPress's own convert_chars writes it), not `&amp;`: kses collapses
 * `&amp;#60;` into the entity `&#060;`, so text such as "&#60;" would not survive as written.
 * Quotes need no escaping outside attributes, and WordPress keeps them as sent.
 */
const HTML_ESCAPES: Record<string, string> = { '&': '&#038;', '<': '&lt;', '>': '&gt;' };

/** HTML that shows `text` exactly as written: markup characters become entities. */
export function textToHtml(text: string): string {
  return text.replace(/[&<>]/g, (character) => HTML_ESCAPES[character] ?? character);
}

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/;

const TRANSFORMS: Record<string, Transform> = {
  None: ok,
  Trim: textOnly('Trim', (text) => text.trim()),
  Lowercase: textOnly('Lowercase', (text) => text.toLowerCase()),
  Uppercase: textOnly('Uppercase', (text) => text.toUpperCase()),
  HtmlToText: textOnly('HtmlToText', htmlToText),
  TextToHtml: textOnly('TextToHtml', textToHtml),
  Html: textOnly('Html', (html) => html),
  // Trimmed here; the companion plugin keeps only WordPress's allowed protocols (a `javascript:`
  // Website is stored as "" and the outcome says so), without blocking the record's other fields.
  Url: textOnly('Url', (text) => text.trim()),
  DateOnly: (value) => {
    if (value === null || value === undefined) return ok(value);
    if (typeof value !== 'string') {
      return { ok: false, message: `DateOnly needs an ISO date or datetime, got ${typeof value}` };
    }
    const match = DATE_PREFIX.exec(value.trim());
    if (!match) return { ok: false, message: `DateOnly cannot read '${value}' as a date` };
    return ok(match[1]);
  },
};

export const KNOWN_TRANSFORMS = Object.keys(TRANSFORMS);

/**
 * Transforms whose output WordPress must keep as HTML (filtered by its post rules); the
 * companion plugin strips every tag from other connector-written text meta.
 */
export const HTML_TRANSFORMS: ReadonlySet<string> = new Set(['TextToHtml', 'Html']);

/** Transforms whose output is a URL (the companion plugin applies `esc_url_raw`). */
export const URL_TRANSFORMS: ReadonlySet<string> = new Set(['Url']);

export function isKnownTransform(name: string): boolean {
  return Object.hasOwn(TRANSFORMS, name);
}

export function applyTransform(name: string, value: unknown): TransformResult {
  const transform = Object.hasOwn(TRANSFORMS, name) ? TRANSFORMS[name] : undefined;
  if (!transform) {
    return {
      ok: false,
      message: `unknown transform '${name}' (known: ${KNOWN_TRANSFORMS.join(', ')})`,
    };
  }
  return transform(value);
}
