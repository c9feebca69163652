import type { Connection } from 'jsforce';
import { salesforceCall } from './errors.js';
import { COLLECTION_LIMIT } from './record-gateway.js';
import { soqlString } from './soql-literal.js';

/**
 * Longest Topic name, in characters: `Name` is 99 in the Field Reference's Topic page
 * (https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-topic.html);
 * a longer one is refused (STRING_TOO_LONG), so it fails its record before anything is written.
 */
export const TOPIC_NAME_MAX_LENGTH = 99;

/** Ids and names a SOQL `IN (…)` list carries in one query (short enough for a GET URL). */
const IN_LIST_LIMIT = 200;

/** One TopicAssignment of a record, with its Topic's name. */
export interface TopicAssignmentRow {
  id: string;
  recordId: string;
  topicId: string;
  name: string;
}

/** The Topic names to add to and remove from one record. */
export interface TopicChange {
  recordId: string;
  add: readonly string[];
  remove: readonly string[];
}

/** Why one record's topics could not be changed; absent from the result when they were. */
export interface TopicFailure {
  code: string;
  message: string;
}

interface SaveResult {
  id?: string | null;
  success: boolean;
  errors?: { statusCode?: string; errorCode?: string; message?: string }[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}

function failureOf(result: SaveResult | undefined, doing: string): TopicFailure {
  const error = result?.errors?.[0];
  return {
    code: error?.statusCode ?? error?.errorCode ?? 'UNKNOWN_ERROR',
    message: `${doing}: ${error?.message ?? 'Salesforce refused it'}`,
  };
}

/** Topic names are unique ignoring case and spacing. */
const key = (name: string): string => name.toLowerCase().replace(/\s+/g, ' ').trim();

/** A Topic name too long for Salesforce, as a failure naming it (or undefined). */
export function topicNameProblem(names: readonly string[]): TopicFailure | undefined {
  const long = names.filter((name) => name.length > TOPIC_NAME_MAX_LENGTH);
  if (long.length === 0) return undefined;
  return {
    code: 'sfwp_topic_name_too_long',
    message: `Topic name over ${TOPIC_NAME_MAX_LENGTH} characters: ${long
      .map((name) => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name))
      .join(', ')}`,
  };
}

/**
 * Records' Topics (TopicAssignment, create/delete/query only): read with one SOQL per 200
 * records, changed with sObject Collections — missing Topics created, assignments created and
 * deleted, 200 a call, never one call per tag.
 */
export class TopicGateway {
  constructor(private readonly connection: Connection) {}

  /** The TopicAssignments of the records, by record id (records without topics are absent). */
  async assignments(recordIds: readonly string[]): Promise<Map<string, TopicAssignmentRow[]>> {
    const byRecord = new Map<string, TopicAssignmentRow[]>();
    for (const ids of chunks([...new Set(recordIds)], IN_LIST_LIMIT)) {
      const soql =
        'SELECT Id, EntityId, TopicId, Topic.Name FROM TopicAssignment WHERE EntityId IN (' +
        ids.map(soqlString).join(', ') +
        ')';
      const result = await salesforceCall(
        this.connection.query<{
          Id: string;
          EntityId: string;
          TopicId: string;
          Topic?: { Name?: string } | null;
        }>(soql, { autoFetch: true }),
      );
      for (const row of result.records) {
        const list = byRecord.get(row.EntityId) ?? [];
        list.push({
          id: row.Id,
          recordId: row.EntityId,
          topicId: row.TopicId,
          name: row.Topic?.Name ?? '',
        });
        byRecord.set(row.EntityId, list);
      }
    }
    return byRecord;
  }

  /** The Topic names of each record (an empty list for a record without topics). */
  async topicsOf(recordIds: readonly string[]): Promise<Map<string, string[]>> {
    const assigned = await this.assignments(recordIds);
    return new Map(
      recordIds.map((id) => [id, (assigned.get(id) ?? []).map((row) => row.name)] as const),
    );
  }

  /**
   * Adds and removes each record's topics against what it holds now (read first): names
   * compare without regard to case, as Topic names do. Returns the records that failed.
   */
  async change(changes: readonly TopicChange[]): Promise<Map<string, TopicFailure>> {
    const failures = new Map<string, TopicFailure>();
    const valid = changes.filter((change) => {
      const problem = topicNameProblem(change.add);
      if (problem) failures.set(change.recordId, problem);
      return !problem;
    });
    if (valid.length === 0) return failures;
    const current = await this.assignments(valid.map((change) => change.recordId));
    const creates: { recordId: string; name: string }[] = [];
    const deletes: { recordId: string; id: string }[] = [];
    for (const change of valid) {
      const held = current.get(change.recordId) ?? [];
      const heldNames = new Set(held.map((row) => key(row.name)));
      const removing = new Set(change.remove.map(key));
      for (const name of new Set(change.add))
        if (!heldNames.has(key(name))) creates.push({ recordId: change.recordId, name });
      for (const row of held)
        if (removing.has(key(row.name))) deletes.push({ recordId: change.recordId, id: row.id });
    }
    const topicIds = await this.topicIds(
      creates.map((create) => create.name),
      failures,
      creates,
    );
    const assigning = creates.filter(
      (create) => !failures.has(create.recordId) && topicIds.has(key(create.name)),
    );
    await this.save(
      'TopicAssignment',
      assigning.map((create) => ({
        recordId: create.recordId,
        record: { TopicId: topicIds.get(key(create.name)), EntityId: create.recordId },
        doing: `Assigning topic ${JSON.stringify(create.name)}`,
      })),
      failures,
    );
    for (const batch of chunks(deletes, COLLECTION_LIMIT)) {
      const results = (await salesforceCall(
        this.connection.sobject('TopicAssignment').destroy(
          batch.map((row) => row.id),
          { allOrNone: false },
        ),
      )) as unknown as SaveResult[];
      batch.forEach((row, index) => {
        const result = results[index];
        if (!result?.success && !failures.has(row.recordId))
          failures.set(row.recordId, failureOf(result, 'Removing a topic'));
      });
    }
    return failures;
  }

  /** Ids of the named Topics, by lower-cased name; missing ones are created. */
  private async topicIds(
    names: readonly string[],
    failures: Map<string, TopicFailure>,
    creates: readonly { recordId: string; name: string }[],
  ): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const unique = [...new Map(names.map((name) => [key(name), name])).values()];
    for (const batch of chunks(unique, IN_LIST_LIMIT)) {
      const soql = `SELECT Id, Name FROM Topic WHERE Name IN (${batch.map(soqlString).join(', ')})`;
      const result = await salesforceCall(
        this.connection.query<{ Id: string; Name: string }>(soql, { autoFetch: true }),
      );
      for (const row of result.records) ids.set(key(row.Name), row.Id);
    }
    const missing = unique.filter((name) => !ids.has(key(name)));
    const created = await this.save(
      'Topic',
      missing.map((name) => ({ recordId: name, record: { Name: name }, doing: '' })),
      new Map(),
      (name, result) => {
        const failure = failureOf(result, `Creating topic ${JSON.stringify(name)}`);
        for (const create of creates)
          if (key(create.name) === key(name) && !failures.has(create.recordId))
            failures.set(create.recordId, failure);
      },
    );
    for (const [name, id] of created) ids.set(key(name), id);
    return ids;
  }

  /** Collections creates, 200 a call; returns the new ids by `recordId`, failures noted. */
  private async save(
    object: 'Topic' | 'TopicAssignment',
    items: readonly { recordId: string; record: Record<string, unknown>; doing: string }[],
    failures: Map<string, TopicFailure>,
    onFailure?: (recordId: string, result: SaveResult | undefined) => void,
  ): Promise<Map<string, string>> {
    const created = new Map<string, string>();
    for (const batch of chunks(items, COLLECTION_LIMIT)) {
      const results = (await salesforceCall(
        this.connection.sobject(object).create(
          batch.map((item) => item.record),
          { allOrNone: false },
        ),
      )) as unknown as SaveResult[];
      batch.forEach((item, index) => {
        const result = results[index];
        if (result?.success && result.id) created.set(item.recordId, result.id);
        else if (onFailure) onFailure(item.recordId, result);
        else if (!failures.has(item.recordId))
          failures.set(item.recordId, failureOf(result, item.doing));
      });
    }
    return created;
  }
}
