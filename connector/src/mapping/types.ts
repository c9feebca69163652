/** Mapping metadata as the connector uses it, read from the package's custom metadata types. */

export const DIRECTIONS = [
  'Bidirectional',
  'SalesforceToWordPress',
  'WordPressToSalesforce',
] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const CONFLICT_POLICIES = ['SalesforceWins', 'WordPressWins', 'NewestWins'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

export const DELETE_POLICIES = ['Delete', 'Trash', 'Ignore'] as const;
export type DeletePolicy = (typeof DELETE_POLICIES)[number];

/** Status of posts the connector creates (`WP_Post_Status__c`; blank means draft). */
export const POST_STATUSES = ['publish', 'draft', 'pending', 'private'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** The WordPress type of form submissions (docs/FORMS.md). */
export const FORM_SUBMISSION_TYPE = 'form_submission';

export const EXISTING_CONTACT_ACTIONS = ['UpdateContact', 'CreateLead'] as const;
export const DUPLICATE_RULE_ACTIONS = ['LinkToMatch', 'AllowSave'] as const;
export const FIELD_POLICIES = ['FillBlanks', 'Overwrite'] as const;

/** Per-form behaviour of a `form_submission` mapping, governed in Salesforce. */
export interface FormSettings {
  /** The WordPress form id this mapping takes; absent: every form no other mapping names. */
  formId?: number;
  /** An email of a Contact (and no open Lead): update the Contact, or create a Lead anyway. */
  existingContact: (typeof EXISTING_CONTACT_ACTIONS)[number];
  /** DUPLICATES_DETECTED: update the matched record, or save with allowSave=true. */
  duplicateRule: (typeof DUPLICATE_RULE_ACTIONS)[number];
  /** Updates of an existing record: only its blank fields, or every mapped field. */
  fieldPolicy: (typeof FIELD_POLICIES)[number];
  /** The Campaign each submitter joins (once); absent: none. */
  campaignId?: string;
  /** LeadSource of the Leads the form creates; absent: not set. */
  leadSource?: string;
}

/** Where a set-valued field's elements live in Salesforce (`Set_Source__c`; docs/SEGMENTS.md). */
export const SET_SOURCES = ['MultiSelectPicklist', 'Topics'] as const;
export type SetSource = (typeof SET_SOURCES)[number];

/** The Salesforce field name a Topics set mapping carries (there is no such field: TopicAssignment). */
export const TOPICS_FIELD = 'Topics';

/** A set-valued field mapping: tags synced element by element (segments). */
export interface SetFieldSettings {
  source: SetSource;
  /** WordPress field `roles` only: role slugs the sync may grant and revoke. */
  allowedRoles: string[];
  /** Roles with manage_options, edit_users, promote_users or unfiltered_html need this too. */
  allowPrivilegedRoles: boolean;
}

export interface FieldMapping {
  /** DeveloperName of the WP_Field_Mapping__mdt record. */
  name: string;
  salesforceField: string;
  /** `email`, `first_name`, `title`, `content`, `status`, `meta.<key>`, … */
  wordpressField: string;
  direction: Direction;
  transform: string;
  required: boolean;
  /** Present when the field holds a set of tags (`Set_Source__c` set). */
  set?: SetFieldSettings;
}

export interface ObjectMapping {
  /** DeveloperName of the WP_Object_Mapping__mdt record; events carry it in Mapping__c. */
  name: string;
  salesforceObject: string;
  /** `user` or a post type slug. */
  wordpressType: string;
  direction: Direction;
  active: boolean;
  externalIdField: string;
  matchField?: string;
  wordpressMatchField?: string;
  conflictPolicy: ConflictPolicy;
  deletePolicy: DeletePolicy;
  /** Status of the posts it creates (post types only; users have none). Absent: draft. */
  postStatus?: PostStatus;
  /** Form submission mappings only. */
  form?: FormSettings;
  /**
   * Org → org mappings only (`Target_Org__c`): the configured name of the org this org's records
   * go to, instead of WordPress. `wordpressType` is then empty.
   */
  targetOrg?: string;
  fields: FieldMapping[];
  /**
   * The first three characters of the object's record ids (describe `keyPrefix`), when the
   * loader knows them: an event whose Record_Id__c starts otherwise is for another object.
   */
  keyPrefix?: string;
}

export type SyncDirection = 'salesforce-to-wordpress' | 'wordpress-to-salesforce';

/** Whether a field (or object) mapping carries data in the given direction. */
export function flowsIn(direction: Direction, sync: SyncDirection): boolean {
  if (direction === 'Bidirectional') return true;
  return sync === 'salesforce-to-wordpress'
    ? direction === 'SalesforceToWordPress'
    : direction === 'WordPressToSalesforce';
}

/** Salesforce API names of the mapping's fields that carry data in the given direction. */
export function fieldsFlowing(mapping: ObjectMapping, sync: SyncDirection): string[] {
  return mapping.fields
    .filter((field) => flowsIn(field.direction, sync))
    .map((field) => field.salesforceField);
}

/** The values of the named fields that `values` holds, and no others. */
export function pickFields(
  values: Readonly<Record<string, unknown>>,
  fields: Iterable<string>,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (field in values) picked[field] = values[field];
  return picked;
}

/** A problem with one field of one record; the record goes to the dead-letter table. */
export interface FieldProblem {
  field: string;
  code: 'REQUIRED_FIELD_MISSING' | 'INVALID_VALUE' | 'UNKNOWN_TRANSFORM';
  message: string;
}
