/**
 * Loads custom metadata records into the store so SOQL can read them. A metadata relationship
 * to another custom metadata type is stored as the parent record's id (what a query of the
 * field returns); relationships to EntityDefinition and the like keep the text given.
 */
import type { IdGenerator } from '../ids.js';
import type { CustomMetadataRecord } from '../schema/custom-metadata-records.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { RecordStore, Row } from './record-store.js';

export function loadCustomMetadataRecords(
  records: CustomMetadataRecord[],
  schema: OrgSchema,
  store: RecordStore,
  ids: IdGenerator,
): void {
  const idByTypeAndName = new Map<string, string>();
  const rows: { type: string; row: Row; record: CustomMetadataRecord }[] = [];
  for (const record of records) {
    const object = schema.getObject(record.type);
    if (!object)
      throw new Error(
        `custom metadata record ${record.developerName}: unknown type ${record.type}`,
      );
    const id = ids.next(object.keyPrefix);
    idByTypeAndName.set(`${object.name}.${record.developerName}`.toLowerCase(), id);
    const row: Row = {
      Id: id,
      DeveloperName: record.developerName,
      MasterLabel: record.label,
      Label: record.label,
      Language: 'en_US',
      NamespacePrefix: null,
      QualifiedApiName: record.developerName,
    };
    rows.push({ type: object.name, row, record });
  }
  for (const { type, row, record } of rows) {
    for (const [fieldName, value] of Object.entries(record.values)) {
      const fieldDef = schema.getField(type, fieldName);
      if (!fieldDef)
        throw new Error(
          `custom metadata record ${type}.${record.developerName}: no field ${fieldName}`,
        );
      const target = fieldDef.referenceTo?.[0];
      const parentId =
        fieldDef.type === 'reference' && target !== undefined && typeof value === 'string'
          ? idByTypeAndName.get(`${target}.${value}`.toLowerCase())
          : undefined;
      row[fieldDef.name] = parentId ?? value;
    }
    store.put(type, row);
  }
}
