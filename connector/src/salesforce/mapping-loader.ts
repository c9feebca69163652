import type { Connection } from 'jsforce';
import {
  mappingsFromMetadata,
  type FieldMappingRecord,
  type LoadedMappings,
  type MappingProblem,
  type ObjectMappingRecord,
} from '../mapping/from-metadata.js';
import { isTopicsField } from '../mapping/set-settings.js';
import type { ObjectMapping } from '../mapping/types.js';
import { salesforceCall } from './errors.js';
import { topicsProblem, type TopicsEnabled } from './topic-settings.js';

const OBJECT_MAPPING_QUERY =
  'SELECT DeveloperName, Salesforce_Object__c, WordPress_Type__c, Direction__c, Active__c, ' +
  'External_Id_Field__c, Match_Field__c, WordPress_Match_Field__c, Conflict_Policy__c, Delete_Policy__c, ' +
  'WP_Post_Status__c, WordPress_Form_Id__c, Existing_Contact_Action__c, Duplicate_Rule_Action__c, ' +
  'Field_Policy__c, Campaign_Id__c, Lead_Source__c, Target_Org__c ' +
  'FROM WP_Object_Mapping__mdt ORDER BY DeveloperName';
const FIELD_MAPPING_QUERY =
  'SELECT DeveloperName, Object_Mapping__r.DeveloperName, Salesforce_Field__c, WordPress_Field__c, ' +
  'Direction__c, Transform__c, Required__c, Set_Source__c, Allowed_Roles__c, Allow_Privileged_Roles__c ' +
  'FROM WP_Field_Mapping__mdt ORDER BY DeveloperName';

/** Fields of a mapping that must exist on its Salesforce object. */
function referencedFields(mapping: ObjectMapping): string[] {
  return [
    mapping.externalIdField,
    ...(mapping.matchField ? [mapping.matchField] : []),
    // A Topics set names no field: its tags are the record's TopicAssignments.
    ...mapping.fields
      .filter((field) => !isTopicsField(field))
      .map((field) => field.salesforceField),
  ];
}

/**
 * Reads the mappings from the org's custom metadata (SOQL, so the connector sees what admins
 * deployed) and checks each against the object's describe; a mapping naming a missing object or
 * field, or a Topics set on an object without topics enabled, is reported and left out, the
 * others load.
 */
export async function loadMappingsFromOrg(connection: Connection): Promise<LoadedMappings> {
  const [objects, fields] = await Promise.all([
    salesforceCall(
      connection.query<ObjectMappingRecord>(OBJECT_MAPPING_QUERY, { autoFetch: true }),
    ),
    salesforceCall(connection.query<FieldMappingRecord>(FIELD_MAPPING_QUERY, { autoFetch: true })),
  ]);
  const loaded = mappingsFromMetadata(objects.records, fields.records);
  const problems: MappingProblem[] = [...loaded.problems];
  const mappings: ObjectMapping[] = [];
  const topics: TopicsEnabled = new Map();
  const describes = new Map<
    string,
    Promise<{ fields: Set<string>; keyPrefix: string | undefined } | Error>
  >();
  for (const mapping of loaded.mappings) {
    let described = describes.get(mapping.salesforceObject);
    if (!described) {
      described = salesforceCall(connection.describe(mapping.salesforceObject)).then(
        (result) => ({
          fields: new Set(result.fields.map((field) => field.name.toLowerCase())),
          keyPrefix: typeof result.keyPrefix === 'string' ? result.keyPrefix : undefined,
        }),
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
      describes.set(mapping.salesforceObject, described);
    }
    const description = await described;
    if (description instanceof Error) {
      problems.push({
        mapping: mapping.name,
        message: `cannot describe ${mapping.salesforceObject}: ${description.message}`,
      });
      continue;
    }
    const missing = referencedFields(mapping).filter(
      (field) => !description.fields.has(field.toLowerCase()),
    );
    if (missing.length > 0) {
      problems.push({
        mapping: mapping.name,
        message: `${mapping.salesforceObject} has no field ${missing.join(', ')}`,
      });
      continue;
    }
    const topicsRefused = await topicsProblem(connection, mapping, topics);
    if (topicsRefused) {
      problems.push({ mapping: mapping.name, message: topicsRefused });
      continue;
    }
    mappings.push(
      description.keyPrefix ? { ...mapping, keyPrefix: description.keyPrefix } : mapping,
    );
  }
  return { mappings, problems };
}
