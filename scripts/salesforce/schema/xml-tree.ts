import { XMLParser } from 'fast-xml-parser';

/** One XML element in document order, with the line it starts on. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text content (trimmed, entities decoded); empty when the element has none. */
  text: string;
  line: number;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  captureMetaData: true,
});

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

function toElements(
  nodes: OrderedNode[],
  starts: number[],
): { elements: XmlElement[]; text: string } {
  const elements: XmlElement[] = [];
  const texts: string[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ':@');
    if (name === undefined) continue;
    if (name === '#text') {
      texts.push(String(node[name]));
      continue;
    }
    if (name.startsWith('?')) continue;
    const inner = toElements((node[name] ?? []) as OrderedNode[], starts);
    const metadata = (node as Record<symbol, { startIndex?: number } | undefined>)[META];
    elements.push({
      name,
      attributes: node[':@'] ?? {},
      children: inner.elements,
      text: inner.text,
      line: lineAt(starts, metadata?.startIndex ?? 0),
    });
  }
  return { elements, text: texts.join('').trim() };
}

/** Parses well-formed XML into its root element (the caller validates well-formedness first). */
export function parseXmlTree(text: string): XmlElement {
  const nodes = parser.parse(text) as OrderedNode[];
  const [root] = toElements(nodes, lineStarts(text)).elements;
  if (root === undefined) throw new Error('no root element');
  return root;
}
