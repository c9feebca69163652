/**
 * Finds markup a browser would execute, by parsing HTML the way a browser does (parse5 is the
 * WHATWG parser jsdom uses), not by searching for substrings: entity-encoded script is text to a
 * parser, and `<ScRiPt>` or `java&#x09;script:` are not.
 */
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export interface ExecutableMarkup {
  kind: 'element' | 'event-handler' | 'script-url' | 'srcdoc';
  /** Tag name and the attribute involved, e.g. `svg onload="…"`. */
  where: string;
}

/** Elements that run code or load a document into the page whatever their attributes. */
const EXECUTABLE_ELEMENTS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'applet']);

/** Attributes a browser navigates to or loads from. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'data',
  'xlink:href',
  'poster',
  'background',
  'codebase',
]);

/** Schemes that run code in the page's origin. */
const SCRIPT_SCHEMES = /^(?:javascript|vbscript|data:text\/html)/;

/** A URL as a browser reads its scheme: control characters and whitespace are ignored. */
function schemeOf(url: string): string {
  let compact = '';
  for (const character of url) {
    if (character > ' ' && character !== '\u007f') compact += character;
  }
  return compact.toLowerCase();
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function childrenOf(node: Node): Node[] {
  const children: Node[] = 'childNodes' in node ? [...node.childNodes] : [];
  // <template> keeps its children in a separate fragment.
  if (isElement(node) && node.tagName === 'template' && 'content' in node) {
    children.push(...(node as unknown as { content: { childNodes: Node[] } }).content.childNodes);
  }
  return children;
}

function inspect(element: Element, found: ExecutableMarkup[]): void {
  const tag = element.tagName;
  if (EXECUTABLE_ELEMENTS.has(tag)) found.push({ kind: 'element', where: `<${tag}>` });
  for (const attribute of element.attrs) {
    const name = (attribute.prefix ? `${attribute.prefix}:${attribute.name}` : attribute.name)
      .toLowerCase()
      .trim();
    const value = attribute.value;
    if (name.startsWith('on')) {
      found.push({ kind: 'event-handler', where: `${tag} ${name}="${value}"` });
    } else if (URL_ATTRIBUTES.has(name) && SCRIPT_SCHEMES.test(schemeOf(value))) {
      found.push({ kind: 'script-url', where: `${tag} ${name}="${value}"` });
    } else if (name === 'srcdoc') {
      found.push({ kind: 'srcdoc', where: `${tag} srcdoc` });
    } else if (tag === 'meta' && name === 'content' && /url\s*=\s*javascript/i.test(value)) {
      found.push({ kind: 'script-url', where: `meta refresh "${value}"` });
    }
  }
}

function walk(root: Node): ExecutableMarkup[] {
  const found: ExecutableMarkup[] = [];
  const pending: Node[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isElement(node)) inspect(node, found);
    pending.push(...childrenOf(node));
  }
  return found;
}

/** Executable markup in an HTML fragment (a REST `rendered` field, a user's name…). */
export function executableMarkupInFragment(html: string): ExecutableMarkup[] {
  return walk(parseFragment(html));
}

/** Executable markup in a whole page. */
export function executableMarkupInDocument(html: string): ExecutableMarkup[] {
  return walk(parse(html));
}

/** Whether a URL (a user's `url`, a Website meta value) would run script when followed. */
export function isScriptUrl(url: string): boolean {
  return SCRIPT_SCHEMES.test(schemeOf(url));
}

/** How many elements an HTML fragment holds: 0 for plain text, entities included. */
export function elementCount(html: string): number {
  let count = 0;
  const pending: Node[] = [parseFragment(html)];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isElement(node)) count++;
    pending.push(...childrenOf(node));
  }
  return count;
}
