/**
 * sObject resources: describeGlobal, describe, basic info, create (including publishing a
 * platform event), read, update, delete, and read/upsert by external id.
 */
import { ApiError, invalidType, notFound } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import type { EmulatorRequest, EmulatorResponse } from '../http/http-types.js';
import { jsonResponse } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import { normaliseId } from '../ids.js';
import { describeGlobal, describeGlobalEntry, describeSObject } from '../schema/describe.js';
import type { Row } from '../store/record-store.js';
import { publishEvent } from './event-publish.js';
import { apiWriteContext, jsonObjectBody, sessionOf, type RestContext } from './rest-context.js';

const V = '/services/data/v(\\d+\\.\\d+)';

/**
 * The object, as the session's user may see it: an object the user may not read (a custom
 * metadata type without a grant, docs/EMULATOR.md "Users and access") is hidden like an unknown
 * one, as SOQL hides it.
 */
export function visibleObject(
  context: RestContext,
  name: string,
  request: EmulatorRequest,
): EmulatorObject {
  const object = context.org.schema.getObject(name);
  if (!object || !context.org.access.canRead(sessionOf(request), object)) throw invalidType(name);
  return object;
}

/** A record as GET returns it: attributes, then every field (null when unset). */
export function recordJson(
  object: EmulatorObject,
  row: Row,
  version: string,
  fields?: string[],
): Row {
  const record: Row = {
    attributes: {
      type: object.name,
      url: `/services/data/v${version}/sobjects/${object.name}/${String(row.Id)}`,
    },
  };
  const names = fields ?? object.fields.map((fieldDef) => fieldDef.name);
  for (const name of names) record[name] = row[name] ?? null;
  return record;
}

function requestedFields(
  context: RestContext,
  object: EmulatorObject,
  request: EmulatorRequest,
): string[] | undefined {
  const list = request.query.get('fields');
  if (list === null || list.trim() === '') return undefined;
  return list.split(',').map((name) => {
    const fieldDef = context.org.schema.getField(object.name, name.trim());
    if (!fieldDef)
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `No such column '${name.trim()}' on entity '${object.name}'`,
      );
    return fieldDef.name;
  });
}

/** 201 with the new record's URL in Location (REST API Developer Guide, "Composite Subrequest Result"). */
function created(version: string, objectName: string, id: string): EmulatorResponse {
  return jsonResponse(
    201,
    { id, success: true, errors: [] },
    { Location: `/services/data/v${version}/sobjects/${objectName}/${id}` },
  );
}

export function addSObjectRoutes(router: Router, context: RestContext): void {
  const { org } = context;

  router.add('GET', new RegExp(`^${V}/sobjects/?$`), (request, [version = '']) => {
    const global = describeGlobal(org.schema, version);
    const session = sessionOf(request);
    return jsonResponse(200, {
      ...global,
      sobjects: global.sobjects.filter((entry) => {
        const object = org.schema.getObject(entry.name);
        return object !== undefined && org.access.canRead(session, object);
      }),
    });
  });

  router.add(
    'GET',
    new RegExp(`^${V}/sobjects/(\\w+)/describe/?$`),
    (request, [version = '', type = '']) =>
      jsonResponse(
        200,
        describeSObject(org.schema, visibleObject(context, type, request), version),
      ),
  );

  router.add('GET', new RegExp(`^${V}/sobjects/(\\w+)/?$`), (request, [version = '', type = '']) =>
    jsonResponse(200, {
      objectDescribe: describeGlobalEntry(visibleObject(context, type, request), version),
      recentItems: [],
    }),
  );

  router.add(
    'POST',
    new RegExp(`^${V}/sobjects/(\\w+)/?$`),
    (request, [version = '', type = '']) => {
      const object = visibleObject(context, type, request);
      const values = jsonObjectBody(request);
      if (object.kind === 'platformEvent') {
        return jsonResponse(201, publishEvent(context, object, values, sessionOf(request)));
      }
      return created(
        version,
        object.name,
        org.writer.insert(object.name, values, apiWriteContext(request)),
      );
    },
  );

  const recordPath = new RegExp(`^${V}/sobjects/(\\w+)/([^/]+)/?$`);
  router.add('GET', recordPath, (request, [version = '', type = '', id = '']) => {
    const object = visibleObject(context, type, request);
    const fields = requestedFields(context, object, request);
    const row = org.store.get(object.name, normaliseId(id) ?? '');
    if (!row) throw notFound();
    return jsonResponse(200, recordJson(object, row, version, fields));
  });

  router.add('PATCH', recordPath, (request, [, type = '', id = '']) => {
    org.writer.update(type, id, jsonObjectBody(request), apiWriteContext(request));
    return { status: 204 };
  });

  router.add('DELETE', recordPath, (request, [, type = '', id = '']) => {
    org.writer.delete(type, id, apiWriteContext(request));
    return { status: 204 };
  });

  const externalIdPath = new RegExp(`^${V}/sobjects/(\\w+)/(\\w+)/([^/]+)/?$`);
  router.add(
    'GET',
    externalIdPath,
    (request, [version = '', type = '', field = '', value = '']) => {
      const object = visibleObject(context, type, request);
      const keyField = org.writer.externalIdField(object, field);
      const matches = org.writer.findByExternalId(object, keyField, value);
      if (matches.length > 1) {
        return jsonResponse(
          300,
          matches.map(
            (row) => `/services/data/v${version}/sobjects/${object.name}/${String(row.Id)}`,
          ),
        );
      }
      const row = matches[0];
      if (!row) throw notFound();
      return jsonResponse(
        200,
        recordJson(object, row, version, requestedFields(context, object, request)),
      );
    },
  );

  router.add(
    'PATCH',
    externalIdPath,
    (request, [version = '', type = '', field = '', value = '']) => {
      const object = visibleObject(context, type, request);
      try {
        const outcome = org.writer.upsert(
          object.name,
          field,
          value,
          jsonObjectBody(request),
          apiWriteContext(request),
        );
        // 201 when created, 200 when updated, both with an UpsertResult body (API 46.0+ reading).
        return jsonResponse(outcome.created ? 201 : 200, {
          id: outcome.id,
          success: true,
          errors: [],
          created: outcome.created,
        });
      } catch (error) {
        if (error instanceof ApiError && error.status === 300) {
          const keyField = org.writer.externalIdField(object, field);
          const matches = org.writer.findByExternalId(object, keyField, value);
          return jsonResponse(
            300,
            matches.map(
              (row) => `/services/data/v${version}/sobjects/${object.name}/${String(row.Id)}`,
            ),
          );
        }
        throw error;
      }
    },
  );
}
