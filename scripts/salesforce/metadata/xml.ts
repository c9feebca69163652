import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Elements that may repeat in the metadata we read; always parsed as arrays. */
const ARRAY_ELEMENTS = new Set([
  'values',
  'value',
  'fields',
  'customPermissions',
  'fieldPermissions',
  'objectPermissions',
  'classAccesses',
  'userPermissions',
  'tabSettings',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAY_ELEMENTS.has(name),
});

export type XmlNode = Record<string, unknown>;

/** Validates XML text; returns the error with its line, or undefined when well-formed. */
export function xmlError(text: string): { line: number; message: string } | undefined {
  // fast-xml-validator (the suggested replacement) is not a dependency; the bundled validator still works.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const result = XMLValidator.validate(text, { allowBooleanAttributes: true });
  return result === true ? undefined : { line: result.err.line, message: result.err.msg };
}

/** Parses well-formed XML into `{ rootName, root }`. */
export function parseXml(text: string): { rootName: string; root: XmlNode } {
  const document = parser.parse(text) as XmlNode;
  const rootName = Object.keys(document).find((key) => !key.startsWith('?'));
  if (rootName === undefined) throw new Error('no root element');
  const root = document[rootName];
  return { rootName, root: typeof root === 'object' && root !== null ? (root as XmlNode) : {} };
}

/** Text content of a child element (or of an element with attributes), undefined when absent. */
export function text(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const inner = (value as XmlNode)['#text'];
    return typeof inner === 'string' ? inner : '';
  }
  return undefined;
}

/** Child elements as an array of nodes (empty when absent). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) =>
    typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': item },
  );
}
