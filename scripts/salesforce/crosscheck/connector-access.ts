import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomMetadataRecord, ProjectModel } from '../metadata/project-model.js';
import { listFiles, relativeTo } from '../project.js';
import { scanConnectorSources } from './connector-source.js';

export type Access = 'read' | 'create' | 'edit' | 'delete';

/** Something the connector's integration user does in the org, and where that comes from. */
export interface AccessNeed {
  object: string;
  /** Absent for object-level (or custom metadata type) access. */
  field?: string;
  access: Access;
  because: string;
}

const CONNECTOR_SOURCE = 'connector/src';
/** SOQL lives only here (the project's rule); elsewhere SQL strings are the connector's own SQLite. */
const SOQL_SOURCE = 'connector/src/salesforce/';

function valueOf(record: CustomMetadataRecord, field: string): string | undefined {
  return record.values.find((value) => value.field === field)?.value ?? undefined;
}

const inbound = (direction: string | undefined): boolean =>
  direction === 'Bidirectional' || direction === 'WordPressToSalesforce';

/** What the shipped mappings make the connector read and write (see connector/src/sync and salesforce/). */
export function mappingNeeds(model: ProjectModel): AccessNeed[] {
  const needs: AccessNeed[] = [];
  const fieldMappings = model.records.filter((record) => record.type === 'WP_Field_Mapping__mdt');
  for (const mapping of model.records.filter(
    (record) => record.type === 'WP_Object_Mapping__mdt',
  )) {
    const object = valueOf(mapping, 'Salesforce_Object__c');
    if (object === undefined) continue;
    const direction = valueOf(mapping, 'Direction__c');
    const because = `mapping ${mapping.name} (${direction ?? 'no direction'})`;
    const need = (access: Access, field?: string, why = because): void => {
      needs.push({ object, ...(field === undefined ? {} : { field }), access, because: why });
    };
    need('read');
    need('edit', undefined, `${because} writes WordPress ids back`);
    if (inbound(direction)) need('create', undefined, `${because} creates records from WordPress`);
    const deletePolicy = valueOf(mapping, 'Delete_Policy__c');
    if (inbound(direction) && deletePolicy !== undefined && deletePolicy !== 'Ignore') {
      need('delete', undefined, `${because} deletes records WordPress deleted (${deletePolicy})`);
    }
    const externalId = valueOf(mapping, 'External_Id_Field__c');
    if (externalId !== undefined) {
      need('read', externalId);
      need('edit', externalId, `${because} writes WordPress ids into it`);
    }
    const matchField = valueOf(mapping, 'Match_Field__c');
    if (matchField !== undefined) need('read', matchField, `${because} matches records by it`);
    for (const field of fieldMappings.filter(
      (record) => valueOf(record, 'Object_Mapping__c') === mapping.name,
    )) {
      const salesforceField = valueOf(field, 'Salesforce_Field__c');
      // A Topics set is TopicAssignment rows, governed by the Assign/Create Topics user permissions, not FLS.
      if (salesforceField === undefined || valueOf(field, 'Set_Source__c') === 'Topics') continue;
      const fieldDirection = valueOf(field, 'Direction__c');
      need('read', salesforceField, `field mapping ${field.name}`);
      if (inbound(direction) && inbound(fieldDirection)) {
        need(
          'edit',
          salesforceField,
          `field mapping ${field.name} (${fieldDirection ?? ''}) writes it`,
        );
      }
    }
  }
  return needs;
}

/** What the connector's own code queries (constant SOQL) and which event channels it uses. */
export async function sourceNeeds(projectDir: string): Promise<AccessNeed[]> {
  const root = path.join(projectDir, CONNECTOR_SOURCE);
  const rel = relativeTo(projectDir);
  let files: string[];
  try {
    files = (await listFiles(root)).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    );
  } catch {
    return [];
  }
  const sources = await Promise.all(
    files.map(async (file) => ({ file: rel(file), source: await readFile(file, 'utf8') })),
  );
  const { queries, topics } = scanConnectorSources(sources);
  const needs: AccessNeed[] = [];
  for (const query of queries.filter((candidate) => candidate.file.startsWith(SOQL_SOURCE))) {
    const because = `${query.file} queries ${query.object}`;
    needs.push({ object: query.object, access: 'read', because });
    if (query.object.endsWith('__mdt')) continue;
    for (const field of query.fields) {
      const [first = ''] = field.split('.');
      const own = field.includes('.') ? first.replace(/__r$/i, '__c') : first;
      needs.push({ object: query.object, field: own, access: 'read', because });
    }
  }
  for (const topic of topics) {
    if (topic.subscribed) {
      needs.push({
        object: topic.event,
        access: 'read',
        because: `${topic.file} subscribes to /event/${topic.event}`,
      });
    }
    if (topic.published) {
      needs.push({
        object: topic.event,
        access: 'create',
        because: `${topic.file} publishes to /event/${topic.event}`,
      });
    }
  }
  return needs;
}
