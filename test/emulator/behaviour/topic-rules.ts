/**
 * Topics on records (Object Reference "Topic" and "TopicAssignment"; Metadata API
 * "TopicsForObjects"):
 * - TopicAssignment supports create(), delete() and query() only: an update is refused with
 *   INVALID_TYPE_FOR_OPERATION (the reference lists no update(); the code is our reading).
 * - "Administrators must enable topics for objects before users can add topics to records of
 *   that object type": an assignment to a record of an object whose topics are off is refused
 *   with FIELD_INTEGRITY_EXCEPTION (the reference names no code; our reading).
 * - TopicId and EntityId must name live records: INVALID_CROSS_REFERENCE_KEY otherwise.
 * - The same topic assigned twice to a record: DUPLICATE_VALUE (our reading; one assignment
 *   per topic and record, as the Connect API's topics-on-records resource shows them).
 * - At most 100 topics on a record (Connect API "Topic Names Input": "up to … 100 topic names
 *   for a record"); the 101st is LIMIT_EXCEEDED (our reading of where the limit bites).
 * - EntityType and EntityKeyPrefix are derived from EntityId (read-only fields).
 * - Topic names are unique ignoring case and spacing, the only changes an update may make to a
 *   name ("You can change only the spacing and capitalization of a topic name"): a second topic
 *   with such a name is DUPLICATE_VALUE, another rename FIELD_INTEGRITY_EXCEPTION.
 * - Permissions: creating a topic needs "Create Topics", editing one "Edit Topics", deleting one
 *   "Delete Topics" or "Modify All Data" (Topic reference, Usage); assigning and removing topics
 *   "Assign Topics" (TopicAssignment reference, Usage). Without it: INSUFFICIENT_ACCESS_OR_READONLY
 *   (the references name no code; our reading).
 */
import { ApiError } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { RecordStore, Row } from '../store/record-store.js';
import type { SaveRule, WriteContext } from '../store/record-writer.js';
import type { SessionInfo } from '../contracts.js';

export const MAX_TOPICS_PER_RECORD = 100;

const PERMISSION_LABELS: Readonly<Record<string, string>> = {
  CreateTopics: 'Create Topics',
  EditTopics: 'Edit Topics',
  DeleteTopics: 'Delete Topics',
  ModifyAllData: 'Modify All Data',
  AssignTopics: 'Assign Topics',
};

/** What makes two topic names the same topic: case and spacing do not count. */
export function topicNameKey(name: unknown): string {
  return typeof name === 'string' ? name.replace(/\s+/g, '').toLowerCase() : '';
}

function invalidReference(field: string, id: unknown): ApiError {
  return new ApiError(
    400,
    'INVALID_CROSS_REFERENCE_KEY',
    `invalid cross reference id: ${String(id)}`,
    [field],
  );
}

export interface TopicRuleDependencies {
  schema: OrgSchema;
  store: RecordStore;
  /** Whether topics are enabled for the object (the org's TopicsForObjects settings). */
  topicsEnabled: (objectName: string) => boolean;
  /** Whether the session's user holds the user permission (API name, e.g. `AssignTopics`). */
  hasPermission: (session: SessionInfo, permission: string) => boolean;
}

export class TopicRules implements SaveRule {
  private readonly schema: OrgSchema;
  private readonly store: RecordStore;

  constructor(private readonly deps: TopicRuleDependencies) {
    this.schema = deps.schema;
    this.store = deps.store;
  }

  beforeSave(
    object: EmulatorObject,
    row: Row,
    before: Row | undefined,
    context: WriteContext,
  ): void {
    if (object.name === 'Topic') {
      this.requirePermission(
        context,
        [before ? 'EditTopics' : 'CreateTopics'],
        before ? 'edit' : 'create',
      );
      this.checkTopic(row, before);
    }
    if (object.name === 'TopicAssignment') {
      this.requirePermission(context, ['AssignTopics'], 'assign');
      this.checkAssignment(row, before);
    }
  }

  beforeDelete(object: EmulatorObject, _row: Row, context: WriteContext): void {
    if (object.name === 'Topic')
      this.requirePermission(context, ['DeleteTopics', 'ModifyAllData'], 'delete');
    if (object.name === 'TopicAssignment')
      this.requirePermission(context, ['AssignTopics'], 'remove');
  }

  private requirePermission(context: WriteContext, anyOf: string[], action: string): void {
    if (anyOf.some((permission) => this.deps.hasPermission(context.session, permission))) return;
    const names = anyOf.map((permission) => PERMISSION_LABELS[permission] ?? permission);
    throw new ApiError(
      400,
      'INSUFFICIENT_ACCESS_OR_READONLY',
      `insufficient access rights: to ${action} topics you need the ${names.join(' or ')} permission`,
    );
  }

  private checkTopic(row: Row, before: Row | undefined): void {
    const key = topicNameKey(row.Name);
    if (before) {
      if (key === topicNameKey(before.Name)) return;
      throw new ApiError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'You can change only the spacing and capitalization of a topic name.',
        ['Name'],
      );
    }
    for (const other of this.store.rows('Topic')) {
      if (other.Id !== row.Id && topicNameKey(other.Name) === key) {
        throw new ApiError(
          400,
          'DUPLICATE_VALUE',
          `duplicate value found: Name duplicates value on record with id: ${String(other.Id)}`,
          ['Name'],
        );
      }
    }
  }

  private checkAssignment(row: Row, before: Row | undefined): void {
    if (before) {
      throw new ApiError(
        400,
        'INVALID_TYPE_FOR_OPERATION',
        'entity type TopicAssignment does not support update',
      );
    }
    if (!this.store.get('Topic', String(row.TopicId)))
      throw invalidReference('TopicId', row.TopicId);
    const entityId = String(row.EntityId);
    const entityObject = this.schema
      .listObjects()
      .find((candidate) => candidate.keyPrefix === entityId.slice(0, 3));
    if (!entityObject || !this.store.get(entityObject.name, entityId)) {
      throw invalidReference('EntityId', row.EntityId);
    }
    if (!this.deps.topicsEnabled(entityObject.name)) {
      throw new ApiError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        `Topics aren't enabled for ${entityObject.name}: an administrator must enable topics for the object (Setup, Topics for Objects; Metadata API TopicsForObjects) before topics can be assigned to its records.`,
        ['EntityId'],
      );
    }
    const assigned = this.store.findByValue('TopicAssignment', 'EntityId', entityId);
    const twin = assigned.find((other) => other.TopicId === row.TopicId && other.Id !== row.Id);
    if (twin) {
      throw new ApiError(
        400,
        'DUPLICATE_VALUE',
        `duplicate value found: TopicId duplicates value on record with id: ${String(twin.Id)}`,
        ['TopicId'],
      );
    }
    if (assigned.length >= MAX_TOPICS_PER_RECORD) {
      throw new ApiError(
        400,
        'LIMIT_EXCEEDED',
        `A record can have at most ${MAX_TOPICS_PER_RECORD} topics; ${entityId} already has ${assigned.length}.`,
        ['EntityId'],
      );
    }
    row.EntityType = entityObject.name;
    row.EntityKeyPrefix = entityObject.keyPrefix;
  }
}
