/**
 * Reads custom metadata records (`customMetadata/Type.Record.md-meta.xml`). Values keep the
 * XML schema type they are declared with (`xsd:boolean`, `xsd:double`, …); `xsi:nil` is null.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { children, parseMetadataXml, text, type XmlNode } from './xml.js';

export interface CustomMetadataRecord {
  /** `WP_Object_Mapping__mdt`. */
  type: string;
  developerName: string;
  label: string;
  values: Record<string, unknown>;
}

function typedValue(valueNode: unknown): unknown {
  if (valueNode === undefined || typeof valueNode === 'string') return valueNode ?? null;
  const node = valueNode as XmlNode;
  if (node['@_xsi:nil'] === 'true') return null;
  const raw = text(node, '#text') ?? '';
  const xsdType = node['@_xsi:type'];
  if (xsdType === 'xsd:boolean') return raw === 'true';
  if (xsdType === 'xsd:double' || xsdType === 'xsd:int' || xsdType === 'xsd:long') {
    return Number(raw);
  }
  return raw;
}

export function parseCustomMetadataRecord(file: string, xml: string): CustomMetadataRecord {
  const name = basename(file).slice(0, -'.md-meta.xml'.length);
  const dot = name.indexOf('.');
  if (dot < 1) throw new Error(`${file}: expected Type.Record.md-meta.xml`);
  const root = parseMetadataXml(xml, 'CustomMetadata');
  const values: Record<string, unknown> = {};
  for (const entry of children(root, 'values')) {
    const fieldName = text(entry, 'field');
    if (fieldName !== undefined) values[fieldName] = typedValue(entry.value);
  }
  const developerName = name.slice(dot + 1);
  return {
    type: `${name.slice(0, dot)}__mdt`,
    developerName,
    label: text(root, 'label') ?? developerName,
    values,
  };
}

export function readCustomMetadataRecords(files: string[]): CustomMetadataRecord[] {
  return files.map((file) => parseCustomMetadataRecord(file, readFileSync(file, 'utf8')));
}
