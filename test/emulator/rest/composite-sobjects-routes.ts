/**
 * sObject Collections: create (POST), update (PATCH), delete (DELETE ?ids=) and upsert
 * (PATCH /composite/sobjects/{T}/{ExtIdField}). At most 200 records (more is 400
 * EXCEEDED_ID_LIMIT); allOrNone defaults to false; the response is 200 with one result per
 * record in request order (platform-facts "sObject Collections upsert").
 */
import { ApiError } from '../api-error.js';
import { normaliseId } from '../ids.js';
import type { EmulatorRequest } from '../http/http-types.js';
import { jsonResponse } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import type { Row } from '../store/record-store.js';
import { failure, rolledBack, type CollectionResult } from './collection-results.js';
import {
  apiWriteContext,
  jsonObjectBody,
  type CollectionCallKind,
  type RestContext,
} from './rest-context.js';
import { publishEvent } from './event-publish.js';
import { recordJson, visibleObject } from './sobject-routes.js';
import { scalarText } from '../scalar-text.js';

const V = '/services/data/v(\\d+\\.\\d+)';
export const MAX_COLLECTION_RECORDS = 200;

interface CollectionBody {
  allOrNone: boolean;
  records: Row[];
}

function collectionBody(request: EmulatorRequest): CollectionBody {
  const body = jsonObjectBody(request);
  if (!Array.isArray(body.records)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body needs a records array');
  }
  const records = body.records as unknown[];
  checkCount(records.length);
  if (
    records.some((record) => typeof record !== 'object' || record === null || Array.isArray(record))
  ) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'Each record must be a JSON object');
  }
  return { allOrNone: body.allOrNone === true, records: records as Row[] };
}

function checkCount(count: number): void {
  // Message as jsforce reports it from a real org (jsforce-wire-trace.txt, "upsert 201 error").
  if (count > MAX_COLLECTION_RECORDS) {
    throw new ApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `Maximum number of records is ${MAX_COLLECTION_RECORDS}`,
    );
  }
}

function typeOf(record: Row): string {
  const attributes = record.attributes as { type?: unknown } | undefined;
  if (typeof attributes?.type !== 'string') {
    throw new ApiError(400, 'INVALID_TYPE', 'Must specify a type in the attributes of each record');
  }
  return attributes.type;
}

function withoutKeys(record: Row, ...keys: string[]): Row {
  const copy: Row = { ...record };
  for (const key of ['attributes', ...keys]) Reflect.deleteProperty(copy, key);
  return copy;
}

class RollbackAll extends Error {}

/**
 * Runs one operation per record inside one transaction. Without allOrNone each record stands
 * alone; with it, any failure rolls back everything and valid records report
 * ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
function runCollection(
  context: RestContext,
  kind: CollectionCallKind,
  items: readonly unknown[],
  allOrNone: boolean,
  withCreated: boolean,
  operate: (item: unknown, index: number) => CollectionResult,
): CollectionResult[] {
  context.collectionCalls.count += 1;
  context.collectionCalls.byKind[kind] += 1;
  const key = context.collectionErrorKey;
  let results: CollectionResult[] = [];
  try {
    context.org.store.transaction(() => {
      results = items.map((item, index) => {
        try {
          if (kind !== 'retrieve') context.recordFaults?.check(item);
          return operate(item, index);
        } catch (error) {
          if (error instanceof ApiError) return failure(error, key, withCreated);
          throw error;
        }
      });
      if (allOrNone && results.some((result) => !result.success)) throw new RollbackAll();
    });
  } catch (error) {
    if (!(error instanceof RollbackAll)) throw error;
    results = results.map((result) => (result.success ? rolledBack(key, withCreated) : result));
  }
  return results;
}

/** External id values used by more than one record of the request (compared case-insensitively). */
function duplicatedValues(records: Row[], field: string): Set<string> {
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const record of records) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    const normalised = scalarText(value).toLowerCase();
    if (seen.has(normalised)) duplicated.add(normalised);
    seen.add(normalised);
  }
  return duplicated;
}

/** Retrieve reads up to 2,000 records by id (REST API "Get Records Using sObject Collections"). */
export const MAX_RETRIEVE_IDS = 2000;

function retrieveMany(
  context: RestContext,
  request: EmulatorRequest,
  type: string,
  version: string,
  ids: string[],
  fields: string[],
): Row[] {
  const object = visibleObject(context, type, request);
  if (ids.length > MAX_RETRIEVE_IDS) {
    throw new ApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `Maximum number of records is ${MAX_RETRIEVE_IDS}`,
    );
  }
  const names = fields.map((name) => {
    const fieldDef = context.org.schema.getField(object.name, name);
    if (!fieldDef)
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `No such column '${name}' on entity '${object.name}'`,
      );
    return fieldDef.name;
  });
  return ids.map((id) => {
    const row = context.org.store.get(object.name, normaliseId(id) ?? '');
    return row ? recordJson(object, row, version, names) : null;
  }) as Row[];
}

function countRetrieve(context: RestContext): void {
  context.collectionCalls.count += 1;
  context.collectionCalls.byKind.retrieve += 1;
}

export function addCompositeSObjectRoutes(router: Router, context: RestContext): void {
  const { org } = context;
  const retrievePath = new RegExp(`^${V}/composite/sobjects/(\\w+)/?$`);

  router.add('GET', retrievePath, (request, [version = '', type = '']) => {
    countRetrieve(context);
    const list = (name: string) =>
      (request.query.get(name) ?? '').split(',').filter((item) => item !== '');
    return jsonResponse(
      200,
      retrieveMany(context, request, type, version, list('ids'), list('fields')),
    );
  });

  router.add('POST', retrievePath, (request, [version = '', type = '']) => {
    countRetrieve(context);
    const body = jsonObjectBody(request);
    const strings = (value: unknown) =>
      Array.isArray(value) ? value.map((item) => scalarText(item)) : [];
    return jsonResponse(
      200,
      retrieveMany(context, request, type, version, strings(body.ids), strings(body.fields)),
    );
  });
  const collectionPath = new RegExp(`^${V}/composite/sobjects/?$`);

  router.add('POST', collectionPath, (request) => {
    const { allOrNone, records } = collectionBody(request);
    const write = apiWriteContext(request);
    return jsonResponse(
      200,
      runCollection(context, 'create', records, allOrNone, false, (item) => {
        const record = item as Row;
        const object = org.schema.getObject(typeOf(record));
        if (object?.kind === 'platformEvent') {
          // Published at once: an allOrNone rollback does not withdraw it (docs/EMULATOR.md).
          const published = publishEvent(context, object, withoutKeys(record), write.session);
          const [enqueued] = published.errors;
          const { statusCode, ...rest } = enqueued;
          return { ...published, errors: [{ [context.collectionErrorKey]: statusCode, ...rest }] };
        }
        const id = org.writer.insert(typeOf(record), withoutKeys(record), write);
        return { id, success: true, errors: [] };
      }),
    );
  });

  router.add('PATCH', collectionPath, (request) => {
    const { allOrNone, records } = collectionBody(request);
    const write = apiWriteContext(request);
    return jsonResponse(
      200,
      runCollection(context, 'update', records, allOrNone, false, (item) => {
        const record = item as Row;
        const id = record.id ?? record.Id;
        if (typeof id !== 'string')
          throw new ApiError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        org.writer.update(typeOf(record), id, withoutKeys(record, 'id', 'Id'), write);
        return { id, success: true, errors: [] };
      }),
    );
  });

  router.add('DELETE', collectionPath, (request) => {
    const ids = (request.query.get('ids') ?? '').split(',').filter((id) => id !== '');
    checkCount(ids.length);
    const write = apiWriteContext(request);
    return jsonResponse(
      200,
      runCollection(
        context,
        'delete',
        ids,
        request.query.get('allOrNone') === 'true',
        false,
        (item) => {
          const id = String(item);
          const found = org.store.findById(id);
          if (!found) {
            const deleted = org.store.isInRecycleBin(id);
            throw new ApiError(
              deleted ? 400 : 404,
              deleted ? 'ENTITY_IS_DELETED' : 'INVALID_CROSS_REFERENCE_KEY',
              deleted ? 'entity is deleted' : 'invalid cross reference id',
            );
          }
          org.writer.delete(found.objectName, id, write);
          return { id, success: true, errors: [] };
        },
      ),
    );
  });

  router.add(
    'PATCH',
    new RegExp(`^${V}/composite/sobjects/(\\w+)/(\\w+)/?$`),
    (request, [, type = '', field = '']) => {
      const object = org.writer.writableObject(type);
      const keyField = org.writer.externalIdField(object, field);
      const { allOrNone, records } = collectionBody(request);
      const duplicated = duplicatedValues(records, keyField.name);
      const write = apiWriteContext(request);
      return jsonResponse(
        200,
        runCollection(context, 'upsert', records, allOrNone, true, (item) => {
          const record = item as Row;
          if (typeOf(record).toLowerCase() !== object.name.toLowerCase()) {
            throw new ApiError(
              400,
              'INVALID_TYPE',
              `Record type ${typeOf(record)} does not match ${object.name} in the URI`,
            );
          }
          const value = record[keyField.name];
          if (value === undefined || value === null || value === '') {
            // Unverified: the platform's code for a record without its external id.
            throw new ApiError(
              400,
              'REQUIRED_FIELD_MISSING',
              `Required fields are missing: [${keyField.name}]`,
              [keyField.name],
            );
          }
          if (duplicated.has(scalarText(value).toLowerCase())) {
            // Per-record code from vendor docs only (platform-facts "sObject Collections upsert").
            throw new ApiError(
              400,
              'DUPLICATE_EXTERNAL_ID',
              `Duplicate external id specified: ${scalarText(value)}`,
              [keyField.name],
            );
          }
          try {
            const outcome = org.writer.upsert(
              object.name,
              keyField.name,
              value,
              withoutKeys(record),
              write,
            );
            return { id: outcome.id, success: true, errors: [], created: outcome.created };
          } catch (error) {
            if (error instanceof ApiError && error.status === 300) {
              throw new ApiError(400, 'DUPLICATE_EXTERNAL_ID', error.message, error.fields);
            }
            throw error;
          }
        }),
      );
    },
  );
}
