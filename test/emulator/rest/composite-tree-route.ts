/**
 * `POST /composite/tree/{sObject}` (REST API Developer Guide, "sObject Tree", "sObject Tree
 * Request Body", "sObject Tree Response Body"): record trees whose roots are of the given type,
 * children nested under their child relationship name (`"Contacts": {"records": [...]}`), each
 * record with `attributes: {type, referenceId}`. Up to 200 records in all, five levels, five
 * types. Records are created level by level (every root, then every second-level record, …),
 * one transaction, counted as one call.
 * - Success: 201 `{hasErrors: false, results: [{referenceId, id}]}`, in creation order.
 * - Any failure rolls back everything: 400 `{hasErrors: true, results: [{referenceId, errors:
 *   [{statusCode, message, fields}]}]}` naming only the failed record (one entry per instance of
 *   a duplicate reference id).
 * The codes for a malformed tree and the request-wide limits are not documented: our readings
 * (docs/EMULATOR.md, "Composite tree").
 */
import { ApiError, invalidType } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import { jsonResponse } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import type { Row } from '../store/record-store.js';
import { findChildRelationship } from './child-relationships.js';
import { apiWriteContext, jsonObjectBody, type RestContext } from './rest-context.js';

const V = '/services/data/v(\\d+\\.\\d+)';
export const MAX_TREE_RECORDS = 200;
export const MAX_TREE_DEPTH = 5;
export const MAX_TREE_TYPES = 5;
const REFERENCE_ID = /^[A-Za-z0-9]\w*$/;

interface TreeNode {
  referenceId: string;
  object: EmulatorObject;
  values: Row;
  level: number;
  /** The parent node and the lookup field that points to it. */
  parent?: { node: TreeNode; field: string };
}

/** A failure that names one record of the tree. */
class TreeError extends Error {
  constructor(
    readonly referenceIds: string[],
    readonly statusCode: string,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
  }
}

function isObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordsOf(value: unknown, where: string): Row[] {
  const records = isObject(value) ? value.records : undefined;
  if (!Array.isArray(records) || !records.every(isObject)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', `${where} needs a records array of JSON objects`);
  }
  return records;
}

class TreeReader {
  readonly nodes: TreeNode[] = [];

  constructor(private readonly context: RestContext) {}

  read(records: Row[], expected: EmulatorObject, level: number, parent?: TreeNode['parent']) {
    for (const record of records) {
      const attributes = isObject(record.attributes) ? record.attributes : {};
      const referenceId = typeof attributes.referenceId === 'string' ? attributes.referenceId : '';
      if (!REFERENCE_ID.test(referenceId)) {
        throw new TreeError(
          [referenceId],
          'INVALID_INPUT',
          `Invalid referenceId '${referenceId}': it must start with a letter or digit and hold only letters, digits and underscores`,
        );
      }
      const type = typeof attributes.type === 'string' ? attributes.type : '';
      if (type.toLowerCase() !== expected.name.toLowerCase()) {
        throw new TreeError(
          [referenceId],
          'INVALID_INPUT',
          `The record ${referenceId} has type '${type}', but its place in the tree needs ${expected.name}`,
        );
      }
      if (level > MAX_TREE_DEPTH) {
        throw new ApiError(
          400,
          'LIMIT_EXCEEDED',
          `An sObject tree can be at most ${MAX_TREE_DEPTH} levels deep`,
        );
      }
      const node: TreeNode = { referenceId, object: expected, values: {}, level };
      if (parent) node.parent = parent;
      this.nodes.push(node);
      for (const [key, value] of Object.entries(record)) {
        if (key === 'attributes') continue;
        if (isObject(value) && 'records' in value) {
          const relationship = findChildRelationship(this.context.org.schema, expected, key);
          if (!relationship) {
            throw new TreeError(
              [referenceId],
              'INVALID_FIELD',
              `No such child relationship '${key}' on sobject of type ${expected.name}`,
              [key],
            );
          }
          const children = recordsOf(value, `${referenceId}.${key}`);
          this.read(children, relationship.child, level + 1, {
            node,
            field: relationship.field.name,
          });
        } else {
          node.values[key] = value;
        }
      }
    }
  }
}

function checkTree(nodes: TreeNode[]): void {
  if (nodes.length > MAX_TREE_RECORDS) {
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `An sObject tree request can create at most ${MAX_TREE_RECORDS} records; this one has ${nodes.length}`,
    );
  }
  if (new Set(nodes.map((node) => node.object.name)).size > MAX_TREE_TYPES) {
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `An sObject tree request can hold records of at most ${MAX_TREE_TYPES} types`,
    );
  }
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node.referenceId, (counts.get(node.referenceId) ?? 0) + 1);
  const duplicated = nodes
    .map((node) => node.referenceId)
    .filter((referenceId) => (counts.get(referenceId) ?? 0) > 1);
  if (duplicated.length > 0) {
    throw new TreeError(
      duplicated,
      'INVALID_INPUT',
      'Duplicate ReferenceId provided in the request.',
    );
  }
}

function failureBody(error: TreeError) {
  return {
    hasErrors: true,
    results: error.referenceIds.map((referenceId) => ({
      referenceId,
      errors: [{ statusCode: error.statusCode, message: error.message, fields: error.fields }],
    })),
  };
}

export function addCompositeTreeRoute(router: Router, context: RestContext): void {
  router.add('POST', new RegExp(`^${V}/composite/tree/(\\w+)/?$`), (request, [, type = '']) => {
    const root = context.org.schema.getObject(type);
    if (!root) throw invalidType(type);
    const write = apiWriteContext(request);
    const reader = new TreeReader(context);
    const ids = new Map<TreeNode, string>();
    try {
      reader.read(recordsOf(jsonObjectBody(request), 'The sObject Tree request'), root, 1);
      const { nodes } = reader;
      checkTree(nodes);
      const byLevel = [...nodes].sort((a, b) => a.level - b.level);
      context.org.store.transaction(() => {
        for (const node of byLevel) {
          const values: Row = { ...node.values };
          if (node.parent) values[node.parent.field] = ids.get(node.parent.node);
          try {
            ids.set(node, context.org.writer.insert(node.object.name, values, write));
          } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            throw new TreeError([node.referenceId], error.errorCode, error.message, error.fields);
          }
        }
      });
      return jsonResponse(201, {
        hasErrors: false,
        results: byLevel.map((node) => ({ referenceId: node.referenceId, id: ids.get(node) })),
      });
    } catch (error) {
      if (error instanceof TreeError) return jsonResponse(400, failureBody(error));
      throw error;
    }
  });
}
