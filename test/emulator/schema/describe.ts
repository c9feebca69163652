/**
 * Describe results in the shapes of the REST API's "Describe Global" and "sObject Describe"
 * resources (REST API Developer Guide). Only the properties clients commonly read are filled in;
 * flags follow from the object kind (custom metadata is read-only over the data API, platform
 * events are create-only). platform-facts has no describe entry: these shapes are our reading
 * of the REST API reference and of what jsforce's DescribeSObjectResult type declares
 * (unverified); `maxBatchSize: 200` matches the collections limit (platform-facts "sObject
 * Collections upsert").
 */
import type { EmulatorField, EmulatorObject } from '../contracts.js';
import { SYSTEM_FIELDS } from './field-builders.js';
import { relationshipNameOf, type OrgSchema } from './org-schema.js';
import { DERIVED_FIELDS } from './standard-objects.js';
import { isGroupable, TEXT_FIELD_TYPES } from './field-types.js';
import { cascadesFrom } from '../store/cascade-deletes.js';

const SOAP_TYPES: Readonly<Record<EmulatorField['type'], string>> = {
  id: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  url: 'xsd:string',
  phone: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  reference: 'tns:ID',
};

function objectCapabilities(object: EmulatorObject) {
  const isData = object.kind === 'standard' || object.kind === 'custom';
  return {
    createable: isData || object.kind === 'platformEvent',
    updateable: isData,
    deletable: isData,
    queryable: object.kind !== 'platformEvent',
    retrieveable: isData || object.kind === 'customMetadata',
    searchable: isData,
    undeletable: isData,
    triggerable: object.kind !== 'customMetadata',
  };
}

function objectUrls(object: EmulatorObject, version: string) {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

export function describeGlobalEntry(object: EmulatorObject, version: string) {
  return {
    name: object.name,
    label: object.label,
    labelPlural: object.label,
    keyPrefix: object.keyPrefix,
    custom: object.kind !== 'standard',
    customSetting: false,
    ...objectCapabilities(object),
    activateable: false,
    layoutable: object.kind === 'standard' || object.kind === 'custom',
    mergeable: false,
    mruEnabled: false,
    replicateable: object.kind !== 'platformEvent',
    feedEnabled: false,
    hasSubtypes: false,
    isSubtype: false,
    deprecatedAndHidden: false,
    urls: objectUrls(object, version),
  };
}

export function describeGlobal(schema: OrgSchema, version: string) {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: schema.listObjects().map((object) => describeGlobalEntry(object, version)),
  };
}

function isWritable(object: EmulatorObject, fieldDef: EmulatorField): boolean {
  if (SYSTEM_FIELDS.has(fieldDef.name)) return false;
  if (object.kind === 'customMetadata') return false;
  return !(DERIVED_FIELDS[object.name] ?? []).includes(fieldDef.name);
}

function describeField(
  object: EmulatorObject,
  fieldDef: EmulatorField,
  defaults: Record<string, unknown>,
) {
  const writable = isWritable(object, fieldDef);
  const isText = TEXT_FIELD_TYPES.has(fieldDef.type);
  const defaultValue = defaults[fieldDef.name];
  return {
    name: fieldDef.name,
    label: fieldDef.label,
    type: fieldDef.type,
    soapType: SOAP_TYPES[fieldDef.type],
    length: isText ? (fieldDef.length ?? 255) : 0,
    byteLength: isText ? (fieldDef.length ?? 255) * 3 : fieldDef.type === 'id' ? 18 : 0,
    digits: fieldDef.type === 'int' ? 9 : 0,
    precision: ['double', 'currency', 'percent'].includes(fieldDef.type) ? 18 : 0,
    scale: ['double', 'currency', 'percent'].includes(fieldDef.type) ? 2 : 0,
    custom: fieldDef.name.endsWith('__c'),
    nillable: !fieldDef.required && fieldDef.type !== 'boolean' && fieldDef.name !== 'Id',
    createable: writable,
    updateable: writable && object.kind !== 'platformEvent',
    defaultedOnCreate: fieldDef.type === 'boolean' || SYSTEM_FIELDS.has(fieldDef.name),
    defaultValue: defaultValue ?? (fieldDef.type === 'boolean' ? false : null),
    externalId: fieldDef.externalId,
    unique: fieldDef.unique,
    idLookup: fieldDef.name === 'Id' || fieldDef.externalId,
    filterable: fieldDef.filterable,
    sortable: fieldDef.filterable,
    groupable: isGroupable(fieldDef),
    calculated: false,
    autoNumber: false,
    caseSensitive: false,
    nameField: fieldDef.name === 'Name',
    referenceTo: fieldDef.referenceTo ?? [],
    relationshipName: fieldDef.type === 'reference' ? (relationshipNameOf(fieldDef) ?? null) : null,
    picklistValues: (fieldDef.picklistValues ?? []).map((value, index) => ({
      active: true,
      defaultValue: index === 0 && fieldDef.type === 'picklist' && defaultValue === value,
      label: value,
      validFor: null,
      value,
    })),
    restrictedPicklist: fieldDef.restrictedPicklist === true,
    htmlFormatted: false,
    deprecatedAndHidden: false,
  };
}

function childRelationships(schema: OrgSchema, object: EmulatorObject) {
  return schema.childRelationships(object.name).map((relationship) => ({
    childSObject: relationship.childObject.name,
    field: relationship.field.name,
    relationshipName: relationship.relationshipName,
    cascadeDelete: cascadesFrom(object.name).some(
      (cascade) =>
        cascade.child === relationship.childObject.name &&
        cascade.field === relationship.field.name,
    ),
    deprecatedAndHidden: false,
    restrictedDelete: false,
  }));
}

export function describeSObject(schema: OrgSchema, object: EmulatorObject, version: string) {
  const defaults = schema.defaultValues(object.name);
  return {
    ...describeGlobalEntry(object, version),
    fields: object.fields.map((fieldDef) => describeField(object, fieldDef, defaults)),
    childRelationships: childRelationships(schema, object),
    recordTypeInfos: [],
    supportedScopes: [{ label: 'All records', name: 'everything' }],
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    listviewable: null,
    lookupLayoutable: null,
    compactLayoutable: object.kind === 'standard' || object.kind === 'custom',
    searchLayoutable: object.kind === 'standard' || object.kind === 'custom',
    queryable: objectCapabilities(object).queryable,
    sobjectDescribeOption: 'FULL',
  };
}
