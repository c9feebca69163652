/**
 * Parent-to-child subqueries: `SELECT Name, (SELECT LastName FROM Contacts) FROM Account`.
 * The subquery's FROM names a child relationship of the outer object (describe's
 * `childRelationships[].relationshipName`). Each parent record carries the relationship as a
 * nested query result `{totalSize, done, records}`, or null when no child matches (SOQL and
 * SOSL Reference, "Using Relationship Queries" and "Understanding Query Results"; null for no
 * children is the REST API's answer, not printed there: our reading). All children come in one
 * batch (no nested `nextRecordsUrl`).
 */
import { ApiError } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { Row } from '../store/record-store.js';
import type { SoqlQuery } from './ast.js';
import { unsupportedSoql } from './errors.js';
import { bindPath, type QueryContext } from './field-binding.js';
import { projectField, recordShell, selectRows } from './record-query.js';

export interface BoundChildSubquery {
  /** The key the nested result has on the parent record (the relationship's own spelling). */
  relationshipName: string;
  /** The nested query result for one parent row, or null when no child matches. */
  resultFor(parentRow: Row): Row | null;
}

function unknownRelationship(name: string): ApiError {
  return new ApiError(
    400,
    'INVALID_TYPE',
    `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export function bindChildSubquery(
  schema: OrgSchema,
  parent: EmulatorObject,
  query: SoqlQuery,
  context: QueryContext,
): BoundChildSubquery {
  const relationship = schema.resolveChildRelationship(parent.name, query.from);
  if (!relationship?.relationshipName || !context.canRead(relationship.childObject)) {
    throw unknownRelationship(query.from);
  }
  const child = relationship.childObject;
  if (child.kind === 'customMetadata') {
    throw unsupportedSoql('Parent-to-child subqueries on custom metadata relationships');
  }
  const selected = query.select.map((item) => {
    if (item.kind !== 'field') throw unsupportedSoql('This item in a parent-to-child subquery');
    return bindPath(schema, child, item.path, context);
  });
  const lookup = relationship.field.name;
  selectRows(schema, child, query, [], context); // binds WHERE and ORDER BY now, so errors surface
  return {
    relationshipName: relationship.relationshipName,
    resultFor(parentRow) {
      const parentId = parentRow.Id;
      if (typeof parentId !== 'string') return null;
      const rows = selectRows(
        schema,
        child,
        query,
        context.children(child.name, lookup, parentId),
        context,
      );
      if (rows.length === 0) return null;
      const records = rows.map((row) => {
        const record = recordShell(child, row, context.apiVersion);
        for (const bound of selected) projectField(record, bound, row, context);
        return record;
      });
      return { totalSize: records.length, done: true, records };
    },
  };
}
