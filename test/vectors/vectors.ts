/**
 * Shared rules vectors: the format, a loader, and a reference implementation of the rules.
 *
 * The Apex package (WPSyncEventBuilder through WPSyncRulesVectors_Tests) and the org emulator must both turn
 * every case's `before`/`after` record into exactly its `expected` events. See README.md in this folder.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { caseSafeSuffix } from '../emulator/ids.js';

export const VECTORS_DIR = path.dirname(fileURLToPath(import.meta.url));

const direction = z.enum(['Bidirectional', 'SalesforceToWordPress', 'WordPressToSalesforce']);
const operation = z.enum(['CREATE', 'UPDATE', 'DELETE', 'UNDELETE']);
const isoDatetime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'ISO 8601 UTC with milliseconds');
const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const objectMappingSchema = z.strictObject({
  DeveloperName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/),
  Salesforce_Object__c: z.string().min(1),
  WordPress_Type__c: z.string().min(1),
  Direction__c: direction,
  Active__c: z.boolean(),
  External_Id_Field__c: z.string().min(1),
  Match_Field__c: z.string().nullable(),
  WordPress_Match_Field__c: z.string().nullable(),
  Conflict_Policy__c: z.enum(['SalesforceWins', 'WordPressWins', 'NewestWins']),
  Delete_Policy__c: z.enum(['Delete', 'Trash', 'Ignore']),
});

export const fieldMappingSchema = z.strictObject({
  DeveloperName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/),
  /** DeveloperName of the parent object mapping. */
  Object_Mapping__c: z.string().min(1),
  Salesforce_Field__c: z.string().min(1),
  WordPress_Field__c: z.string().min(1),
  Direction__c: direction,
  Transform__c: z.enum([
    'None',
    'Trim',
    'Lowercase',
    'DateOnly',
    'HtmlToText',
    'TextToHtml',
    'Html',
    'Url',
  ]),
  Required__c: z.boolean(),
});

/** A record as field values by API name; `Id` is an 18-character id of the case's object. */
export const recordSchema = z
  .record(z.string(), fieldValue)
  .refine((record) => typeof record.Id === 'string', {
    message: 'a record needs an Id',
  });

export const expectedEventSchema = z.strictObject({
  Mapping__c: z.string(),
  Object__c: z.string(),
  Record_Id__c: z.string().length(18),
  Operation__c: operation,
  Changed_Fields__c: z.string().nullable(),
  /** Parsed JSON of Payload__c: compare as JSON values, not as text. */
  Payload__c: z.record(z.string(), fieldValue),
  WP_Id__c: z.string().nullable(),
  Modstamp__c: isoDatetime,
});

export const vectorCaseSchema = z.strictObject({
  name: z.string().min(1),
  runningUser: z.strictObject({
    customPermissions: z.array(z.enum(['WP_Sync_Admin', 'WP_Sync_Integration'])),
  }),
  operation,
  /** Time of the change: Modstamp__c of DELETE events and of records without SystemModstamp. */
  now: isoDatetime,
  /** API name of the changed object. */
  object: z.string().min(1),
  before: recordSchema.nullable(),
  after: recordSchema.nullable(),
  /** Events in publishing order; empty when nothing may be published. */
  expected: z.array(expectedEventSchema),
});

export const vectorFileSchema = z.strictObject({
  description: z.string().min(1),
  objectMappings: z.array(objectMappingSchema),
  fieldMappings: z.array(fieldMappingSchema),
  cases: z.array(vectorCaseSchema).min(1),
});

export type ObjectMapping = z.infer<typeof objectMappingSchema>;
export type FieldMapping = z.infer<typeof fieldMappingSchema>;
export type VectorRecord = z.infer<typeof recordSchema>;
export type ExpectedEvent = z.infer<typeof expectedEventSchema>;
export type VectorCase = z.infer<typeof vectorCaseSchema>;
export type VectorFile = z.infer<typeof vectorFileSchema>;

export interface LoadedVectorFile {
  /** File name inside test/vectors, e.g. `contact-user.json`. */
  file: string;
  vector: VectorFile;
}

/** Loads and validates every `*.json` vector file of a directory (default: this folder), sorted by name. */
export async function loadVectorFiles(dir: string = VECTORS_DIR): Promise<LoadedVectorFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  const loaded: LoadedVectorFile[] = [];
  for (const file of names) {
    const raw: unknown = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
    const parsed = vectorFileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
    }
    loaded.push({ file, vector: parsed.data });
  }
  return loaded;
}

/**
 * What the rules need to know about the org's schema: the canonical API name of an object, and of a field of
 * that object, from a name in any letter case; undefined when it does not exist.
 */
export interface SchemaLookup {
  objectName(name: string): string | undefined;
  fieldName(objectName: string, field: string): string | undefined;
}

const allowsOutbound = (value: string): boolean => value !== 'WordPressToSalesforce';

/** Reference implementation of the rules (mirrors WPSyncEventBuilder); the emulator may reuse it. */
export function expectedEvents(
  vector: VectorFile,
  testCase: VectorCase,
  schema: SchemaLookup,
): ExpectedEvent[] {
  if (testCase.runningUser.customPermissions.includes('WP_Sync_Integration')) return [];
  const objectName = schema.objectName(testCase.object);
  if (objectName === undefined) return [];
  const isDelete = testCase.operation === 'DELETE';
  const current = isDelete ? testCase.before : testCase.after;
  if (current === null) throw new Error(`${testCase.name}: ${testCase.operation} needs its record`);
  const previous = testCase.operation === 'UPDATE' ? testCase.before : null;
  const mappings = [...vector.objectMappings].sort((a, b) =>
    compareCodeUnits(a.DeveloperName, b.DeveloperName),
  );
  const events: ExpectedEvent[] = [];
  for (const mapping of mappings) {
    if (!mapping.Active__c || !allowsOutbound(mapping.Direction__c)) continue;
    if (schema.objectName(mapping.Salesforce_Object__c) !== objectName) continue;
    if (isDelete && mapping.Delete_Policy__c === 'Ignore') continue;
    const fields = [
      ...new Set(
        vector.fieldMappings
          .filter(
            (field) =>
              field.Object_Mapping__c === mapping.DeveloperName &&
              allowsOutbound(field.Direction__c),
          )
          .map((field) => schema.fieldName(objectName, field.Salesforce_Field__c))
          .filter((field): field is string => field !== undefined),
      ),
    ].sort(compareCodeUnits);
    if (fields.length === 0) continue;
    const valueOf = (record: VectorRecord | null, field: string): VectorRecord[string] => {
      if (record === null) return null;
      const key = Object.keys(record).find((name) => name.toLowerCase() === field.toLowerCase());
      return key === undefined ? null : (record[key] ?? null);
    };
    const changed = isDelete
      ? []
      : fields.filter((field) =>
          previous === null
            ? valueOf(current, field) !== null
            : valueOf(previous, field) !== valueOf(current, field),
        );
    if (testCase.operation === 'UPDATE' && changed.length === 0) continue;
    const externalIdField = schema.fieldName(objectName, mapping.External_Id_Field__c);
    const wordPressId = externalIdField === undefined ? null : valueOf(current, externalIdField);
    const modstamp = valueOf(current, 'SystemModstamp');
    events.push({
      Mapping__c: mapping.DeveloperName,
      Object__c: objectName,
      Record_Id__c: String(current.Id),
      Operation__c: testCase.operation,
      Changed_Fields__c: changed.length === 0 ? null : changed.join(','),
      Payload__c: Object.fromEntries(fields.map((field) => [field, valueOf(current, field)])),
      WP_Id__c: wordPressId === null ? null : String(wordPressId),
      Modstamp__c: !isDelete && typeof modstamp === 'string' ? modstamp : testCase.now,
    });
  }
  return events;
}

/** Apex `List<String>.sort()` order: UTF-16 code units, case-sensitive. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The 18-character form of a 15-character Salesforce id (case-safe checksum suffix). */
export function toId18(id15: string): string {
  if (!/^[a-zA-Z0-9]{15}$/.test(id15)) throw new Error(`not a 15-character id: ${id15}`);
  return id15 + caseSafeSuffix(id15);
}
