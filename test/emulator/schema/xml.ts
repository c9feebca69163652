import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  trimValues: true,
});

export type XmlNode = Record<string, unknown>;

/** Parses a metadata XML file and returns its root element's children. */
export function parseMetadataXml(xml: string, rootTag: string): XmlNode {
  const document = parser.parse(xml) as XmlNode;
  const root = document[rootTag];
  if (root === undefined || root === '') return {};
  if (typeof root !== 'object' || root === null) {
    throw new Error(`expected <${rootTag}> to have child elements`);
  }
  return root as XmlNode;
}

export function text(node: XmlNode, key: string): string | undefined {
  const value = node[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && '#text' in value) {
    const inner = (value as XmlNode)['#text'];
    return typeof inner === 'string' ? inner : undefined;
  }
  return undefined;
}

export function flag(node: XmlNode, key: string): boolean {
  return text(node, key) === 'true';
}

export function children(node: XmlNode, key: string): XmlNode[] {
  const value = node[key];
  if (value === undefined) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.filter((item): item is XmlNode => typeof item === 'object' && item !== null);
}
