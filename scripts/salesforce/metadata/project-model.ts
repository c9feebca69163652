import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageFiles, readSfdxProject, relativeTo } from '../project.js';
import { STANDARD_OBJECTS } from './standard-schema.js';
import { children, parseXml, text, xmlError, type XmlNode } from './xml.js';

export type ObjectKind = 'standard' | 'custom' | 'platformEvent' | 'customMetadata';

export interface FieldInfo {
  name: string;
  /** Metadata API type, e.g. Text, Picklist, MetadataRelationship. */
  type: string;
  length?: number;
  externalId: boolean;
  required: boolean;
  /** System, compound, formula, auto-number or summary fields: never written by the sync. */
  readOnly: boolean;
  picklistValues?: string[];
  referenceTo?: string;
  /** Project-relative file that defines the field; undefined for standard fields. */
  file?: string;
}

export interface ObjectInfo {
  name: string;
  kind: ObjectKind;
  /** Fields by lower-case API name. */
  fields: Map<string, FieldInfo>;
  /** Whether the project defines the object itself (not just fields on a standard object). */
  definedInProject: boolean;
}

export interface MetadataValue {
  field: string;
  /** Null for xsi:nil or an empty value. */
  value: string | null;
  xsiType?: string;
}

export interface CustomMetadataRecord {
  /** API name of the type, e.g. `WP_Object_Mapping__mdt`. */
  type: string;
  /** DeveloperName, e.g. `Contact_User`. */
  name: string;
  label?: string;
  values: MetadataValue[];
  file: string;
}

export interface TriggerInfo {
  name: string;
  object: string;
  source: string;
  file: string;
}

export interface XmlDocument {
  file: string;
  rootName: string;
  root: XmlNode;
}

export interface ProjectModel {
  projectDir: string;
  sourceApiVersion?: string;
  /** Project-relative paths of every package file. */
  files: string[];
  xmlErrors: { file: string; line: number; message: string }[];
  documents: XmlDocument[];
  objects: Map<string, ObjectInfo>;
  records: CustomMetadataRecord[];
  triggers: TriggerInfo[];
  /** Apex class sources by project-relative path. */
  classes: Map<string, string>;
  customPermissions: Set<string>;
}

const OBJECT_KIND_BY_SUFFIX: [string, ObjectKind][] = [
  ['__mdt', 'customMetadata'],
  ['__e', 'platformEvent'],
  ['__c', 'custom'],
];

export function objectKind(name: string): ObjectKind {
  return OBJECT_KIND_BY_SUFFIX.find(([suffix]) => name.endsWith(suffix))?.[1] ?? 'standard';
}

function fieldFromXml(root: XmlNode, file: string): FieldInfo {
  const name = text(root, 'fullName') ?? path.basename(file).replace(/\.field-meta\.xml$/, '');
  const type = text(root, 'type') ?? '';
  const length = Number(text(root, 'length'));
  const valueSet = children(root, 'valueSet')[0];
  const definition = children(valueSet, 'valueSetDefinition')[0];
  const picklistValues = children(definition, 'value')
    .map((value) => text(value, 'fullName'))
    .filter((value): value is string => value !== undefined);
  const referenceTo = text(root, 'referenceTo');
  return {
    name,
    type,
    ...(Number.isFinite(length) && length > 0 ? { length } : {}),
    externalId: text(root, 'externalId') === 'true',
    required: text(root, 'required') === 'true',
    readOnly: text(root, 'formula') !== undefined || ['AutoNumber', 'Summary'].includes(type),
    ...(type === 'Picklist' || type === 'MultiselectPicklist' ? { picklistValues } : {}),
    ...(referenceTo === undefined ? {} : { referenceTo }),
    file,
  };
}

function standardObject(name: string): ObjectInfo | undefined {
  const fields = STANDARD_OBJECTS[name];
  if (fields === undefined) return undefined;
  const map = new Map<string, FieldInfo>();
  for (const [fieldName, field] of Object.entries(fields)) {
    map.set(fieldName.toLowerCase(), {
      name: fieldName,
      type: field.type,
      externalId: false,
      required: false,
      readOnly: field.readOnly === true,
    });
  }
  return { name, kind: 'standard', fields: map, definedInProject: false };
}

function ensureObject(objects: Map<string, ObjectInfo>, name: string): ObjectInfo {
  const key = name.toLowerCase();
  let object = objects.get(key);
  if (object === undefined) {
    object = standardObject(name) ?? {
      name,
      kind: objectKind(name),
      fields: new Map(),
      definedInProject: false,
    };
    objects.set(key, object);
  }
  return object;
}

/** Loads the package directories of a project into a model of its metadata. Never throws on bad XML. */
export async function loadProject(projectDir: string): Promise<ProjectModel> {
  const project = await readSfdxProject(projectDir);
  const rel = relativeTo(projectDir);
  const absolute = await packageFiles(projectDir);
  const model: ProjectModel = {
    projectDir,
    ...(project.sourceApiVersion === undefined
      ? {}
      : { sourceApiVersion: project.sourceApiVersion }),
    files: absolute.map(rel),
    xmlErrors: [],
    documents: [],
    objects: new Map(),
    records: [],
    triggers: [],
    classes: new Map(),
    customPermissions: new Set(),
  };
  for (const name of Object.keys(STANDARD_OBJECTS)) ensureObject(model.objects, name);

  for (const file of absolute) {
    const relative = rel(file);
    if (file.endsWith('.cls')) model.classes.set(relative, await readFile(file, 'utf8'));
    if (file.endsWith('.trigger')) {
      const source = await readFile(file, 'utf8');
      const header =
        /^\s*(?:\/\*[\s\S]*?\*\/\s*|\/\/[^\n]*\n\s*)*trigger\s+(\w+)\s+on\s+(\w+)/i.exec(source);
      model.triggers.push({
        name: header?.[1] ?? path.basename(file, '.trigger'),
        object: header?.[2] ?? '',
        source,
        file: relative,
      });
    }
    if (!file.endsWith('.xml')) continue;
    const content = await readFile(file, 'utf8');
    const error = xmlError(content);
    if (error !== undefined) {
      model.xmlErrors.push({ file: relative, ...error });
      continue;
    }
    const { rootName, root } = parseXml(content);
    model.documents.push({ file: relative, rootName, root });
    const parts = relative.split('/');
    const base = parts[parts.length - 1] ?? '';
    if (base.endsWith('.object-meta.xml')) {
      const object = ensureObject(model.objects, base.replace(/\.object-meta\.xml$/, ''));
      object.definedInProject = true;
    } else if (base.endsWith('.field-meta.xml') && parts[parts.length - 2] === 'fields') {
      const objectName = parts[parts.length - 3] ?? '';
      const field = fieldFromXml(root, relative);
      ensureObject(model.objects, objectName).fields.set(field.name.toLowerCase(), field);
    } else if (base.endsWith('.md-meta.xml')) {
      const [typeName = '', recordName = ''] = base.replace(/\.md-meta\.xml$/, '').split('.');
      const label = text(root, 'label');
      model.records.push({
        type: `${typeName}__mdt`,
        name: recordName,
        ...(label === undefined ? {} : { label }),
        values: children(root, 'values').map((node) => {
          const valueNode = children(node, 'value')[0];
          const nil = valueNode?.['@_xsi:nil'] === 'true';
          const xsiType = valueNode?.['@_xsi:type'];
          const value = nil ? null : (text(valueNode, '#text') ?? null);
          return {
            field: text(node, 'field') ?? '',
            value: value === '' ? null : value,
            ...(typeof xsiType === 'string' ? { xsiType } : {}),
          };
        }),
        file: relative,
      });
    } else if (base.endsWith('.customPermission-meta.xml')) {
      model.customPermissions.add(base.replace(/\.customPermission-meta\.xml$/, ''));
    }
  }
  return model;
}

/** An object of the model by API name in any letter case. */
export function findObject(
  model: ProjectModel,
  name: string | null | undefined,
): ObjectInfo | undefined {
  if (name === null || name === undefined) return undefined;
  const object = model.objects.get(name.trim().toLowerCase());
  if (object === undefined) return undefined;
  // Known only because the project has fields for it: it must be a listed standard object.
  if (object.definedInProject) return object;
  return object.kind === 'standard' && STANDARD_OBJECTS[object.name] !== undefined
    ? object
    : undefined;
}

/** A field of an object by API name in any letter case. */
export function findField(
  object: ObjectInfo | undefined,
  name: string | null | undefined,
): FieldInfo | undefined {
  if (object === undefined || name === null || name === undefined) return undefined;
  return object.fields.get(name.trim().toLowerCase());
}
