import type { SalesforceRecordGateway } from '../../salesforce/record-gateway.js';
import type { FormRecords } from '../../salesforce/form-records.js';
import type { FormSubmission, FormSubmissionsRoute } from '../../wordpress/form-submissions.js';

/** What the form pipeline asks of Salesforce (the record gateway's read and FormRecords). */
export type FormSalesforce = Pick<SalesforceRecordGateway, 'findByValueOrId'> &
  Pick<
    FormRecords,
    'create' | 'update' | 'campaignMembers' | 'fieldNames' | 'leadsAndContactsByEmail'
  >;

export interface FormApplyDependencies {
  submissions: Pick<FormSubmissionsRoute, 'read'>;
  salesforce: FormSalesforce;
  /** Form ids that other active form mappings name (a mapping without a form id takes the rest). */
  namedElsewhere: ReadonlySet<number>;
}

/** The submissions of one email (or one submission without an email), oldest first. */
export interface SubmissionGroup {
  email: string | undefined;
  members: { submission: FormSubmission; values: Record<string, unknown> }[];
}

/** One write for a group: a new record, or an update of a record found by email. */
export interface GroupWrite {
  group: SubmissionGroup;
  object: 'Lead' | 'Contact';
  id?: string;
  values: Record<string, unknown>;
  why: string;
}
