import { formSettingsFrom, type FormSettingsRecord } from './form-settings.js';
import { setSettingsFrom, type SetSettingsRecord } from './set-settings.js';
import { isKnownTransform } from './transforms.js';
import {
  CONFLICT_POLICIES,
  DELETE_POLICIES,
  DIRECTIONS,
  FORM_SUBMISSION_TYPE,
  POST_STATUSES,
  type ConflictPolicy,
  type DeletePolicy,
  type Direction,
  type FieldMapping,
  type ObjectMapping,
  type PostStatus,
} from './types.js';

/** A `WP_Object_Mapping__mdt` row as SOQL (or a shared test vector) returns it. */
export interface ObjectMappingRecord extends FormSettingsRecord {
  DeveloperName: string;
  Salesforce_Object__c: string | null;
  WordPress_Type__c: string | null;
  Direction__c: string | null;
  Active__c: boolean | null;
  External_Id_Field__c: string | null;
  Match_Field__c?: string | null;
  WordPress_Match_Field__c?: string | null;
  Conflict_Policy__c?: string | null;
  Delete_Policy__c?: string | null;
  WP_Post_Status__c?: string | null;
  /** Org → org mappings: the configured name of the target org (blank: WordPress). */
  Target_Org__c?: string | null;
}

/** A `WP_Field_Mapping__mdt` row; the relationship comes as `Object_Mapping__r.DeveloperName` from SOQL. */
export interface FieldMappingRecord extends SetSettingsRecord {
  DeveloperName: string;
  Object_Mapping__c?: string | null;
  Object_Mapping__r?: { DeveloperName: string } | null;
  Salesforce_Field__c: string | null;
  WordPress_Field__c: string | null;
  Direction__c: string | null;
  Transform__c?: string | null;
  Required__c?: boolean | null;
}

export interface MappingProblem {
  mapping: string;
  message: string;
}

export interface LoadedMappings {
  mappings: ObjectMapping[];
  /** Mappings left out, each with the reason; the rest still sync. */
  problems: MappingProblem[];
}

function oneOf<T extends string>(
  allowed: readonly T[],
  value: string | null | undefined,
  fallback?: T,
): T | undefined {
  if ((value === null || value === undefined || value === '') && fallback) return fallback;
  return allowed.find((candidate) => candidate === value);
}

const WORDPRESS_TYPE = /^[a-z0-9_-]{1,20}$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Turns custom metadata rows into mappings. A mapping with a broken object or field row is
 * left out with a reason rather than half-applied; inactive mappings are kept (so their events
 * are reported as skipped) but never synced.
 */
export function mappingsFromMetadata(
  objectRows: readonly ObjectMappingRecord[],
  fieldRows: readonly FieldMappingRecord[],
): LoadedMappings {
  const problems: MappingProblem[] = [];
  const mappings: ObjectMapping[] = [];
  for (const row of objectRows) {
    const name = row.DeveloperName;
    const issues: string[] = [];
    const direction = oneOf<Direction>(DIRECTIONS, row.Direction__c);
    if (!direction)
      issues.push(
        `Direction__c '${String(row.Direction__c)}' is not one of ${DIRECTIONS.join(', ')}`,
      );
    const conflictPolicy = oneOf<ConflictPolicy>(
      CONFLICT_POLICIES,
      row.Conflict_Policy__c,
      'SalesforceWins',
    );
    if (!conflictPolicy)
      issues.push(
        `Conflict_Policy__c '${String(row.Conflict_Policy__c)}' is not one of ${CONFLICT_POLICIES.join(', ')}`,
      );
    const deletePolicy = oneOf<DeletePolicy>(DELETE_POLICIES, row.Delete_Policy__c, 'Ignore');
    if (!deletePolicy)
      issues.push(
        `Delete_Policy__c '${String(row.Delete_Policy__c)}' is not one of ${DELETE_POLICIES.join(', ')}`,
      );
    const postStatus = oneOf<PostStatus>(POST_STATUSES, row.WP_Post_Status__c, 'draft');
    if (!postStatus)
      issues.push(
        `WP_Post_Status__c '${String(row.WP_Post_Status__c)}' is not one of ${POST_STATUSES.join(', ')}`,
      );
    if (!row.Salesforce_Object__c || !API_NAME.test(row.Salesforce_Object__c))
      issues.push('Salesforce_Object__c is missing or not an API name');
    const targetOrg = row.Target_Org__c?.trim() ?? '';
    // An org → org mapping writes another org, not WordPress: its WordPress type may be blank.
    const typeOptional = targetOrg !== '' && !row.WordPress_Type__c;
    if (!typeOptional && (!row.WordPress_Type__c || !WORDPRESS_TYPE.test(row.WordPress_Type__c))) {
      issues.push(
        `WordPress_Type__c '${String(row.WordPress_Type__c)}' is not user or a post type slug`,
      );
    }
    if (!row.External_Id_Field__c || !API_NAME.test(row.External_Id_Field__c))
      issues.push('External_Id_Field__c is missing or not an API name');
    if (Boolean(row.Match_Field__c) !== Boolean(row.WordPress_Match_Field__c)) {
      issues.push('Match_Field__c and WordPress_Match_Field__c must be set together');
    }

    const form =
      row.WordPress_Type__c === FORM_SUBMISSION_TYPE ? formSettingsFrom(row, issues) : undefined;

    const fields: FieldMapping[] = [];
    const rows = fieldRows.filter(
      (field) => (field.Object_Mapping__r?.DeveloperName ?? field.Object_Mapping__c) === name,
    );
    for (const field of rows) {
      const fieldIssues: string[] = [];
      const fieldDirection = oneOf<Direction>(DIRECTIONS, field.Direction__c, direction);
      const transform = field.Transform__c ?? 'None';
      if (!field.Salesforce_Field__c || !API_NAME.test(field.Salesforce_Field__c)) {
        fieldIssues.push('Salesforce_Field__c is missing or not an API name');
      }
      if (!field.WordPress_Field__c) fieldIssues.push('WordPress_Field__c is missing');
      // A blank direction inherits the object's, whose own problem is reported above.
      if (!fieldDirection && field.Direction__c) {
        fieldIssues.push(
          `Direction__c '${field.Direction__c}' is not one of ${DIRECTIONS.join(', ')}`,
        );
      }
      if (!isKnownTransform(transform)) fieldIssues.push(`unknown Transform__c '${transform}'`);
      const set = setSettingsFrom(field, row.WordPress_Type__c, fieldIssues);
      if (fieldIssues.length > 0) {
        issues.push(...fieldIssues.map((issue) => `field ${field.DeveloperName}: ${issue}`));
        continue;
      }
      if (!fieldDirection || !field.Salesforce_Field__c || !field.WordPress_Field__c) continue;
      fields.push({
        name: field.DeveloperName,
        salesforceField: field.Salesforce_Field__c,
        wordpressField: field.WordPress_Field__c,
        direction: fieldDirection,
        transform,
        required: field.Required__c === true,
        ...(set ? { set } : {}),
      });
    }
    if (rows.length === 0) issues.push('has no field mappings');

    if (issues.length > 0 || !direction || !conflictPolicy || !deletePolicy || !postStatus) {
      problems.push({ mapping: name, message: issues.join('; ') });
      continue;
    }
    mappings.push({
      name,
      salesforceObject: row.Salesforce_Object__c ?? '',
      wordpressType: row.WordPress_Type__c ?? '',
      direction,
      active: row.Active__c === true,
      externalIdField: row.External_Id_Field__c ?? '',
      ...(row.Match_Field__c ? { matchField: row.Match_Field__c } : {}),
      ...(row.WordPress_Match_Field__c
        ? { wordpressMatchField: row.WordPress_Match_Field__c }
        : {}),
      conflictPolicy,
      deletePolicy,
      postStatus,
      ...(form ? { form } : {}),
      ...(targetOrg !== '' ? { targetOrg } : {}),
      fields,
    });
  }
  return { mappings, problems };
}
