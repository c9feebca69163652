/**
 * Topic and TopicAssignment (Object Reference "Topic", "TopicAssignment"; Field Reference
 * "Topic": Name string 99, Description 1,000, ManagedTopicType 99; "TopicAssignment"). Topic supports create, delete, query and update (only the spacing and
 * capitalization of Name may change); TopicAssignment supports create, delete and query only —
 * behaviour/topic-rules.ts enforces both. Key prefixes: 0TO is the Topic prefix the Connect API
 * examples show (`0TOD0000000090r`); 0FT for TopicAssignment is the platform's (unverified here).
 */
import type { EmulatorField, EmulatorObject } from '../contracts.js';
import { field } from './field-builders.js';

/** The objects TopicAssignment.EntityId may point to that the emulator has (the reference's "Refers to" list names many more). */
export const TOPIC_ENTITY_OBJECTS = ['Account', 'Campaign', 'Contact', 'Lead'];

/** Audit fields of both objects: the Field Reference lists no LastModified fields for TopicAssignment. */
function creationFields(): EmulatorField[] {
  return [
    field('Id', 'id', { label: 'Record ID', length: 18 }),
    field('IsDeleted', 'boolean', { label: 'Deleted' }),
    field('CreatedDate', 'datetime', { label: 'Created Date' }),
    field('CreatedById', 'reference', { label: 'Created By ID', referenceTo: ['User'] }),
    field('SystemModstamp', 'datetime', { label: 'System Modstamp' }),
  ];
}

export function topic(): EmulatorObject {
  return {
    name: 'Topic',
    label: 'Topic',
    kind: 'standard',
    keyPrefix: '0TO',
    fields: [
      ...creationFields(),
      field('Name', 'string', { label: 'Name', length: 99, required: true }),
      field('Description', 'string', { length: 1000 }),
      field('TalkingAbout', 'int', { label: 'Talking About' }),
      field('ManagedTopicType', 'string', { label: 'Enabled For', length: 99 }),
    ],
  };
}

export function topicAssignment(): EmulatorObject {
  return {
    name: 'TopicAssignment',
    label: 'Topic Assignment',
    kind: 'standard',
    keyPrefix: '0FT',
    fields: [
      ...creationFields(),
      field('TopicId', 'reference', { label: 'Topic ID', referenceTo: ['Topic'], required: true }),
      field('EntityId', 'reference', {
        label: 'Record ID',
        referenceTo: TOPIC_ENTITY_OBJECTS,
        required: true,
      }),
      field('EntityType', 'string', { label: 'Object Type', length: 80 }),
      field('EntityKeyPrefix', 'string', { label: 'Record Key Prefix', length: 3 }),
    ],
  };
}
