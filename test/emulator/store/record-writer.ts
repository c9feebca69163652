/**
 * Single-record DML with the platform's validation: unknown and read-only fields, types,
 * lengths, required fields, unique values, external-id matching. Each call is atomic.
 * Error codes: REST API "Status Codes and Error Responses" / SOAP StatusCode (platform-facts
 * "Errors and limits", "sObject Collections upsert").
 */
import { ApiError, invalidType } from '../api-error.js';
import type { EmulatorField, EmulatorObject, SessionInfo } from '../contracts.js';
import type { IdGenerator } from '../ids.js';
import { normaliseId } from '../ids.js';
import { SYSTEM_FIELDS } from '../schema/field-builders.js';
import type { OrgSchema } from '../schema/org-schema.js';
import { DERIVED_FIELDS } from '../schema/standard-objects.js';
import { cascadesFrom } from './cascade-deletes.js';
import { coerceFieldValue, formatDateTime } from './field-values.js';
import type { ChangeOrigin, RecordStore, Row } from './record-store.js';
import { assertRequiredFields } from './required-fields.js';
import { scalarText } from '../scalar-text.js';

export interface WriteContext {
  session: SessionInfo;
  origin: ChangeOrigin;
  /** `Sforce-Duplicate-Rule-Header: allowSave=true` (REST API "Duplicate Rule Header"). */
  allowSave?: boolean;
}

/** A check the platform runs before saving (duplicate rules, converted leads, memberships). */
export interface SaveRule {
  beforeSave(
    object: EmulatorObject,
    row: Row,
    before: Row | undefined,
    context: WriteContext,
  ): void;
  /** A check before a record (not its cascaded children) goes to the recycle bin. */
  beforeDelete?(object: EmulatorObject, row: Row, context: WriteContext): void;
}

export interface UpsertOutcome {
  id: string;
  created: boolean;
}

const NAME_DERIVED_OBJECTS = new Set(['Contact', 'Lead', 'User']);

export class RecordWriter {
  private readonly autoNumberCounters = new Map<string, number>();
  private readonly saveRules: SaveRule[] = [];

  constructor(
    private readonly schema: OrgSchema,
    private readonly store: RecordStore,
    private readonly ids: IdGenerator,
    private readonly now: () => number,
  ) {}

  addSaveRule(rule: SaveRule): void {
    this.saveRules.push(rule);
  }

  /** The object named, if records of it can be written through the data API. */
  writableObject(objectName: string): EmulatorObject {
    const object = this.schema.getObject(objectName);
    if (!object) throw invalidType(objectName);
    if (object.kind === 'customMetadata' || object.kind === 'platformEvent') {
      // Unverified code; Salesforce rejects DML on custom metadata through the data API.
      throw new ApiError(
        400,
        'INVALID_TYPE_FOR_OPERATION',
        `entity type ${object.name} does not support this operation`,
      );
    }
    return object;
  }

  insert(objectName: string, values: Row, context: WriteContext): string {
    const object = this.writableObject(objectName);
    return this.store.transaction(() => {
      const now = formatDateTime(new Date(this.now()));
      const id = this.ids.next(object.keyPrefix);
      const row: Row = {
        ...this.schema.defaultValues(object.name),
        ...this.validatedValues(object, values, 'insert'),
        Id: id,
        IsDeleted: false,
        CreatedDate: now,
        CreatedById: context.session.userId,
        LastModifiedDate: now,
        LastModifiedById: context.session.userId,
        SystemModstamp: now,
      };
      if (object.fields.some((candidate) => candidate.name === 'OwnerId') && row.OwnerId == null) {
        row.OwnerId = context.session.userId;
      }
      this.applyDerivedFields(object, row);
      assertRequiredFields(object, row);
      this.checkUnique(object, row);
      for (const rule of this.saveRules) rule.beforeSave(object, row, undefined, context);
      this.store.put(object.name, row);
      this.store.recordChange({
        objectName: object.name,
        operation: 'CREATE',
        after: row,
        ...context,
      });
      return id;
    });
  }

  update(objectName: string, id: string, values: Row, context: WriteContext): void {
    const object = this.writableObject(objectName);
    this.store.transaction(() => {
      const before = this.existing(object, id);
      const now = formatDateTime(new Date(this.now()));
      const after: Row = {
        ...before,
        ...this.validatedValues(object, values, 'update'),
        LastModifiedDate: now,
        LastModifiedById: context.session.userId,
        SystemModstamp: now,
      };
      this.applyDerivedFields(object, after);
      assertRequiredFields(object, after);
      this.checkUnique(object, after);
      for (const rule of this.saveRules) rule.beforeSave(object, after, before, context);
      this.store.put(object.name, after);
      this.store.recordChange({
        objectName: object.name,
        operation: 'UPDATE',
        before,
        after,
        ...context,
      });
    });
  }

  upsert(
    objectName: string,
    externalIdField: string,
    externalId: unknown,
    values: Row,
    context: WriteContext,
  ): UpsertOutcome {
    const object = this.writableObject(objectName);
    const keyField = this.externalIdField(object, externalIdField);
    const matches = this.findByExternalId(object, keyField, externalId);
    if (matches.length > 1) {
      // Single-row upsert answers 300 with the matches; collections report it per record
      // (platform-facts "sObject Collections upsert").
      throw new ApiError(
        300,
        'MULTIPLE_CHOICES',
        `more than one record found for external id field: ${JSON.stringify(matches.map((row) => row.Id))}`,
        [keyField.name],
      );
    }
    const rest: Row = { ...values };
    Reflect.deleteProperty(rest, keyField.name);
    const match = matches[0];
    if (match) {
      this.update(object.name, String(match.Id), rest, context);
      return { id: String(match.Id), created: false };
    }
    const withKey = keyField.name === 'Id' ? rest : { ...rest, [keyField.name]: externalId };
    return { id: this.insert(object.name, withKey, context), created: true };
  }

  delete(objectName: string, id: string, context: WriteContext): void {
    const object = this.writableObject(objectName);
    this.store.transaction(() => {
      const before = this.existing(object, id);
      for (const rule of this.saveRules) rule.beforeDelete?.(object, before, context);
      const parentId = String(before.Id);
      const deletedAt = formatDateTime(new Date(this.now()));
      // The children go first: the parent's before-delete trigger sees them (WPSyncCascadeDeletes).
      for (const cascade of cascadesFrom(object.name)) {
        for (const child of this.store.findByValue(cascade.child, cascade.field, parentId)) {
          this.store.moveToRecycleBin(cascade.child, String(child.Id), deletedAt, parentId);
          this.store.recordChange({
            objectName: cascade.child,
            operation: 'DELETE',
            before: child,
            cascadeOf: parentId,
            ...context,
          });
        }
      }
      this.store.moveToRecycleBin(object.name, parentId, deletedAt);
      this.store.recordChange({ objectName: object.name, operation: 'DELETE', before, ...context });
    });
  }

  undelete(objectName: string, id: string, context: WriteContext): void {
    const object = this.writableObject(objectName);
    this.store.transaction(() => {
      const normalised = normaliseId(id) ?? id;
      const recycled = this.store.recycled(normalised);
      if (recycled?.objectName.toLowerCase() !== object.name.toLowerCase()) {
        throw new ApiError(400, 'UNDELETE_FAILED', 'Entity is not in the recycle bin');
      }
      const restored = this.store.restoreFromRecycleBin(normalised);
      this.store.recordChange({
        objectName: object.name,
        operation: 'UNDELETE',
        after: restored,
        ...context,
      });
      for (const childId of this.store.deletedWith(normalised)) {
        const child = this.store.recycled(childId);
        const after = this.store.restoreFromRecycleBin(childId);
        if (!child || !after) continue;
        this.store.recordChange({
          objectName: child.objectName,
          operation: 'UNDELETE',
          after,
          cascadeOf: normalised,
          ...context,
        });
      }
    });
  }

  externalIdField(object: EmulatorObject, fieldName: string): EmulatorField {
    const fieldDef = this.schema.getField(object.name, fieldName);
    if (!fieldDef) {
      throw new ApiError(
        404,
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${fieldName}`,
      );
    }
    if (!fieldDef.externalId && fieldDef.name !== 'Id') {
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `Field ${fieldDef.name} is not an external ID or indexed field for ${object.name}`,
        [fieldDef.name],
      );
    }
    return fieldDef;
  }

  findByExternalId(object: EmulatorObject, keyField: EmulatorField, value: unknown): Row[] {
    if (value === undefined || value === null || value === '') return [];
    if (keyField.name === 'Id') {
      const row = this.store.get(object.name, normaliseId(scalarText(value)) ?? '');
      return row ? [row] : [];
    }
    return this.store.findByValue(object.name, keyField.name, value);
  }

  private existing(object: EmulatorObject, id: string): Row {
    const normalised = normaliseId(id);
    if (normalised === undefined) {
      throw new ApiError(
        400,
        'MALFORMED_ID',
        `${object.name} ID: id value of incorrect type: ${id}`,
        ['Id'],
      );
    }
    const row = this.store.get(object.name, normalised);
    if (row) return row;
    if (this.store.isInRecycleBin(normalised)) {
      throw new ApiError(400, 'ENTITY_IS_DELETED', 'entity is deleted');
    }
    throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  private validatedValues(object: EmulatorObject, values: Row, mode: 'insert' | 'update'): Row {
    const result: Row = {};
    const derived = DERIVED_FIELDS[object.name] ?? [];
    for (const [key, value] of Object.entries(values)) {
      if (key === 'attributes') continue;
      const fieldDef = this.schema.getField(object.name, key);
      if (!fieldDef) {
        throw new ApiError(
          400,
          'INVALID_FIELD',
          `No such column '${key}' on sobject of type ${object.name}`,
          [key],
        );
      }
      if (SYSTEM_FIELDS.has(fieldDef.name) || derived.includes(fieldDef.name)) {
        throw new ApiError(
          400,
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to ${mode === 'insert' ? 'create' : 'update'} fields: ${fieldDef.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          [fieldDef.name],
        );
      }
      result[fieldDef.name] = coerceFieldValue(fieldDef, value);
    }
    return result;
  }

  private applyDerivedFields(object: EmulatorObject, row: Row): void {
    if (NAME_DERIVED_OBJECTS.has(object.name)) {
      row.Name = [row.FirstName, row.LastName]
        .filter((part) => typeof part === 'string' && part !== '')
        .join(' ');
    }
    const format = this.schema.autoNumberFormat(object.name);
    if (format !== undefined && row.Name == null) {
      const next = (this.autoNumberCounters.get(object.name) ?? 0) + 1;
      this.autoNumberCounters.set(object.name, next);
      row.Name = format.replace(/\{(0+)\}/, (_match, zeros: string) =>
        String(next).padStart(zeros.length, '0'),
      );
    }
  }

  private checkUnique(object: EmulatorObject, row: Row): void {
    for (const fieldDef of object.fields) {
      const value = row[fieldDef.name];
      if (!fieldDef.unique || value === null || value === undefined) continue;
      const clash = this.findByExternalId(object, fieldDef, value).find(
        (other) => other.Id !== row.Id,
      );
      if (clash) {
        throw new ApiError(
          400,
          'DUPLICATE_VALUE',
          `duplicate value found: ${fieldDef.name} duplicates value on record with id: ${String(clash.Id)}`,
          [fieldDef.name],
        );
      }
    }
  }
}
