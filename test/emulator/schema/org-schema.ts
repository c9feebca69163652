/**
 * The org's schema: standard objects plus everything the package under `force-app/` declares.
 * Names are case-insensitive, as in Salesforce.
 */
import { readFileSync } from 'node:fs';
import type { EmulatorField, EmulatorObject, SchemaRegistry } from '../contracts.js';
import { encodeBase62 } from '../ids.js';
import { auditFields, customMetadataFields, field, platformEventFields } from './field-builders.js';
import { parseFieldXml } from './field-xml.js';
import { apiNameOfFile, findPackageFiles, objectNameOfFieldFile } from './package-files.js';
import { STANDARD_CHILD_RELATIONSHIPS, standardObjects } from './standard-objects.js';
import { children, parseMetadataXml, text, type XmlNode } from './xml.js';

/** A lookup seen from its parent: `Account` has `Contacts` through `Contact.AccountId`. */
export interface ChildRelationship {
  childObject: EmulatorObject;
  field: EmulatorField;
  /** Null when the lookup declares none (audit lookups, for example). */
  relationshipName: string | null;
}

/** Audit and owner lookups to User: not listed as child relationships (too many to model). */
function isAuditLookup(fieldDef: EmulatorField): boolean {
  return fieldDef.name.endsWith('ById') || fieldDef.name === 'OwnerId';
}

export class OrgSchema implements SchemaRegistry {
  private readonly objects = new Map<string, EmulatorObject>();
  private readonly defaults = new Map<string, Record<string, unknown>>();
  private readonly autoNumbers = new Map<string, string>();
  private readonly childNames = new Map<string, string>();

  constructor(objects: EmulatorObject[]) {
    for (const object of objects) this.objects.set(object.name.toLowerCase(), object);
    for (const [key, name] of Object.entries(STANDARD_CHILD_RELATIONSHIPS)) {
      const [objectName = '', fieldName = ''] = key.split('.');
      this.setChildRelationshipName(objectName, fieldName, name);
    }
  }

  setChildRelationshipName(childObject: string, fieldName: string, name: string): void {
    this.childNames.set(`${childObject}.${fieldName}`.toLowerCase(), name);
  }

  /** Every lookup to `parentName` from any object, in object then field order. */
  childRelationships(parentName: string): ChildRelationship[] {
    const parent = this.getObject(parentName);
    if (!parent) return [];
    const relationships: ChildRelationship[] = [];
    for (const childObject of this.listObjects()) {
      for (const fieldDef of childObject.fields) {
        if (fieldDef.type !== 'reference' || isAuditLookup(fieldDef)) continue;
        // A polymorphic lookup (TopicAssignment.EntityId) is a child relationship of each target.
        const wanted = parent.name.toLowerCase();
        if (!fieldDef.referenceTo?.some((target) => target.toLowerCase() === wanted)) continue;
        const key = `${childObject.name}.${fieldDef.name}`.toLowerCase();
        relationships.push({
          childObject,
          field: fieldDef,
          relationshipName: this.childNames.get(key) ?? null,
        });
      }
    }
    return relationships;
  }

  /** The child relationship `relationshipName` (`Contacts`, `Field_Mappings__r`) of a parent. */
  resolveChildRelationship(
    parentName: string,
    relationshipName: string,
  ): ChildRelationship | undefined {
    const lower = relationshipName.toLowerCase();
    return this.childRelationships(parentName).find(
      (relationship) => relationship.relationshipName?.toLowerCase() === lower,
    );
  }

  getObject(apiName: string): EmulatorObject | undefined {
    return this.objects.get(apiName.toLowerCase());
  }

  listObjects(): EmulatorObject[] {
    return [...this.objects.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  getField(objectName: string, fieldName: string): EmulatorField | undefined {
    const lower = fieldName.toLowerCase();
    return this.getObject(objectName)?.fields.find(
      (candidate) => candidate.name.toLowerCase() === lower,
    );
  }

  /** The object a relationship name (`Account`, `Object_Mapping__r`) on `objectName` points to. */
  resolveRelationship(
    objectName: string,
    relationshipName: string,
  ): { field: EmulatorField; target: EmulatorObject } | undefined {
    const object = this.getObject(objectName);
    if (!object) return undefined;
    const lower = relationshipName.toLowerCase();
    for (const candidate of object.fields) {
      if (
        candidate.type !== 'reference' ||
        relationshipNameOf(candidate)?.toLowerCase() !== lower
      ) {
        continue;
      }
      const target = this.getObject(candidate.referenceTo?.[0] ?? '');
      return target ? { field: candidate, target } : undefined;
    }
    return undefined;
  }

  defaultValues(objectName: string): Record<string, unknown> {
    return this.defaults.get(objectName.toLowerCase()) ?? {};
  }

  /** `LOG-{0000000}` style format of an auto-number Name field, if the object has one. */
  autoNumberFormat(objectName: string): string | undefined {
    return this.autoNumbers.get(objectName.toLowerCase());
  }

  setDefault(objectName: string, fieldName: string, value: unknown): void {
    const key = objectName.toLowerCase();
    this.defaults.set(key, { ...this.defaults.get(key), [fieldName]: value });
  }

  setAutoNumber(objectName: string, format: string): void {
    this.autoNumbers.set(objectName.toLowerCase(), format);
  }

  addObject(object: EmulatorObject): void {
    this.objects.set(object.name.toLowerCase(), object);
  }
}

/** `AccountId` → `Account`, `Object_Mapping__c` → `Object_Mapping__r`. */
export function relationshipNameOf(reference: EmulatorField): string | undefined {
  if (reference.name.endsWith('__c')) return reference.name.slice(0, -3) + '__r';
  if (reference.name.endsWith('Id') && reference.name !== 'Id') return reference.name.slice(0, -2);
  return undefined;
}

function kindOf(apiName: string): EmulatorObject['kind'] {
  if (apiName.endsWith('__e')) return 'platformEvent';
  if (apiName.endsWith('__mdt')) return 'customMetadata';
  if (apiName.endsWith('__c')) return 'custom';
  return 'standard';
}

/** Key prefixes of package objects: deterministic, by kind and name order (unverified shape). */
const KEY_PREFIX_LETTER: Readonly<Record<EmulatorObject['kind'], string>> = {
  custom: 'a',
  platformEvent: 'e',
  customMetadata: 'm',
  standard: 'x',
};

function newPackageObject(apiName: string, node: XmlNode, schema: OrgSchema): EmulatorObject {
  const kind = kindOf(apiName);
  const fields: EmulatorField[] =
    kind === 'platformEvent'
      ? platformEventFields()
      : kind === 'customMetadata'
        ? customMetadataFields()
        : [
            ...auditFields(),
            field('OwnerId', 'reference', { label: 'Owner ID', referenceTo: ['User'] }),
          ];
  if (kind === 'custom') {
    const nameField = children(node, 'nameField')[0] ?? {};
    const isAutoNumber = text(nameField, 'type') === 'AutoNumber';
    fields.push(
      field('Name', 'string', {
        label: text(nameField, 'label') ?? 'Name',
        length: 80,
        required: !isAutoNumber,
      }),
    );
    if (isAutoNumber) schema.setAutoNumber(apiName, text(nameField, 'displayFormat') ?? '{0}');
  }
  const object: EmulatorObject = {
    name: apiName,
    label: text(node, 'label') ?? apiName,
    kind,
    keyPrefix: '',
    fields,
  };
  if (kind === 'platformEvent') {
    object.publishBehavior =
      text(node, 'publishBehavior') === 'PublishImmediately'
        ? 'PublishImmediately'
        : 'PublishAfterCommit';
  }
  return object;
}

function assignKeyPrefixes(objects: EmulatorObject[]): void {
  const counters: Record<string, number> = {};
  for (const object of objects) {
    if (object.kind === 'standard') continue;
    const letter = KEY_PREFIX_LETTER[object.kind];
    const index = counters[letter] ?? 0;
    counters[letter] = index + 1;
    object.keyPrefix = `${letter}${encodeBase62(index, 2)}`;
  }
}

/** Builds the schema from the standard objects and the package at `packageRoot`. */
export function loadOrgSchema(packageRoot: string): OrgSchema {
  const schema = new OrgSchema(standardObjects());
  const files = findPackageFiles(packageRoot);
  const packageObjects: EmulatorObject[] = [];
  const objectFor = (apiName: string): EmulatorObject => {
    const existing = schema.getObject(apiName);
    if (existing) return existing;
    const created = newPackageObject(apiName, {}, schema);
    schema.addObject(created);
    packageObjects.push(created);
    return created;
  };
  for (const file of files.objectFiles) {
    const apiName = apiNameOfFile(file, '.object-meta.xml');
    if (kindOf(apiName) === 'standard') continue;
    const node = parseMetadataXml(readFileSync(file, 'utf8'), 'CustomObject');
    const object = newPackageObject(apiName, node, schema);
    schema.addObject(object);
    packageObjects.push(object);
  }
  for (const file of files.fieldFiles) {
    const object = objectFor(objectNameOfFieldFile(file));
    const apiName = apiNameOfFile(file, '.field-meta.xml');
    const node = parseMetadataXml(readFileSync(file, 'utf8'), 'CustomField');
    const parsed = parseFieldXml(text(node, 'fullName') ?? apiName, node);
    object.fields = object.fields.filter((existing) => existing.name !== parsed.field.name);
    object.fields.push(parsed.field);
    if (parsed.defaultValue !== undefined) {
      schema.setDefault(object.name, parsed.field.name, parsed.defaultValue);
    }
    if (parsed.childRelationshipName !== undefined) {
      schema.setChildRelationshipName(object.name, parsed.field.name, parsed.childRelationshipName);
    }
  }
  packageObjects.sort((a, b) => a.name.localeCompare(b.name));
  assignKeyPrefixes(packageObjects);
  return schema;
}
