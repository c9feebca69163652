/**
 * Maps a `CustomField` XML element to an emulator field. Metadata type names come from the
 * Metadata API `FieldType` enum; the describe type each maps to is the one the REST describe
 * reports (custom Number fields describe as `double` regardless of scale).
 */
import type { EmulatorField, SalesforceFieldType } from '../contracts.js';
import { field } from './field-builders.js';
import { children, flag, text, type XmlNode } from './xml.js';

const TYPE_BY_METADATA_TYPE: Readonly<Record<string, SalesforceFieldType>> = {
  Text: 'string',
  EncryptedText: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Html: 'textarea',
  Email: 'email',
  Url: 'url',
  Phone: 'phone',
  Picklist: 'picklist',
  MultiselectPicklist: 'multipicklist',
  Checkbox: 'boolean',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Date: 'date',
  DateTime: 'datetime',
  Lookup: 'reference',
  MasterDetail: 'reference',
  MetadataRelationship: 'reference',
  AutoNumber: 'string',
};

/** Long text areas and rich text are not filterable in SOQL WHERE clauses. */
const UNFILTERABLE_METADATA_TYPES = new Set(['LongTextArea', 'Html', 'EncryptedText']);

export interface ParsedField {
  field: EmulatorField;
  /** The value a create gets when the field is absent (Checkbox defaults, default values). */
  defaultValue?: unknown;
  /** Child relationship name on the parent (`<relationshipName>` + `__r` for custom fields). */
  childRelationshipName?: string;
}

function defaultLength(metadataType: string): number | undefined {
  if (metadataType === 'TextArea') return 255;
  if (metadataType === 'Email' || metadataType === 'Url' || metadataType === 'Phone') return 255;
  if (metadataType === 'Picklist' || metadataType === 'MultiselectPicklist') return 255;
  if (metadataType === 'MetadataRelationship' || metadataType === 'AutoNumber') return 255;
  return undefined;
}

/** `<valueSet><restricted>true</restricted>`: the API refuses values outside the set. */
function isRestricted(node: XmlNode): boolean {
  const valueSet = children(node, 'valueSet')[0];
  return valueSet !== undefined && flag(valueSet, 'restricted');
}

function picklistValues(node: XmlNode): string[] | undefined {
  const valueSet = children(node, 'valueSet')[0];
  const definition = valueSet ? children(valueSet, 'valueSetDefinition')[0] : undefined;
  if (!definition) return undefined;
  return children(definition, 'value')
    .map((value) => text(value, 'fullName'))
    .filter((value): value is string => value !== undefined);
}

function parseDefault(type: SalesforceFieldType, raw: string | undefined): unknown {
  if (type === 'boolean') return raw === 'true';
  if (raw === undefined) return undefined;
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(raw);
  if (quoted) return quoted[1] ?? quoted[2];
  if (type === 'double' || type === 'int' || type === 'currency' || type === 'percent') {
    const number = Number(raw);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

export function parseFieldXml(apiName: string, node: XmlNode): ParsedField {
  const metadataType = text(node, 'type') ?? 'Text';
  const type = TYPE_BY_METADATA_TYPE[metadataType];
  if (type === undefined) throw new Error(`${apiName}: unsupported field type ${metadataType}`);
  const declaredLength = text(node, 'length');
  const length =
    declaredLength !== undefined ? Number(declaredLength) : defaultLength(metadataType);
  const referenceTo = text(node, 'referenceTo');
  const values = picklistValues(node);
  const parsed: ParsedField = {
    field: field(apiName, type, {
      label: text(node, 'label') ?? apiName,
      ...(length !== undefined ? { length } : {}),
      required: flag(node, 'required') || metadataType === 'MasterDetail',
      externalId: flag(node, 'externalId'),
      unique: flag(node, 'unique'),
      ...(referenceTo !== undefined ? { referenceTo: [referenceTo] } : {}),
      ...(values !== undefined ? { picklistValues: values } : {}),
      restrictedPicklist: values !== undefined && isRestricted(node),
      filterable: !UNFILTERABLE_METADATA_TYPES.has(metadataType),
    }),
  };
  const relationshipName = text(node, 'relationshipName');
  if (type === 'reference' && relationshipName !== undefined) {
    parsed.childRelationshipName = apiName.endsWith('__c')
      ? `${relationshipName}__r`
      : relationshipName;
  }
  const defaultValue = parseDefault(type, text(node, 'defaultValue'));
  if (defaultValue !== undefined) parsed.defaultValue = defaultValue;
  return parsed;
}
