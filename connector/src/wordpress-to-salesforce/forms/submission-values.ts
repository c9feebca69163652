import { mapToSalesforce } from '../../mapping/to-salesforce.js';
import type { FieldProblem, FormSettings, ObjectMapping } from '../../mapping/types.js';
import type { FormSubmission } from '../../wordpress/form-submissions.js';
import type { WordPressObject } from '../../wordpress/types.js';

/** What Web-to-Lead puts in a required Lead field the form left empty. */
export const NOT_PROVIDED = '[not provided]';
const LEAD_REQUIRED = ['LastName', 'Company'];

/**
 * A submission as mapping paths read it: `fields.<name>`, `utm.<key>`, `page_url`, `consent`,
 * `form_name`, `submitted_at` (the names WP_Field_Mapping__mdt uses, docs/FORMS.md).
 */
export function submissionPaths(submission: FormSubmission): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    id: submission.id,
    meta: {},
    page_url: submission.pageUrl,
    consent: submission.consent,
    form_name: submission.formName,
    submitted_at: submission.submittedAt,
  };
  for (const [name, value] of Object.entries(submission.fields)) paths[`fields.${name}`] = value;
  for (const [key, value] of Object.entries(submission.utm)) paths[`utm.${key}`] = value;
  return paths;
}

/** Whether this mapping takes the submission's form: its own form, or any form no other names. */
export function takesForm(
  settings: FormSettings,
  formId: number,
  namedElsewhere: ReadonlySet<number>,
): boolean {
  return settings.formId === undefined ? !namedElsewhere.has(formId) : settings.formId === formId;
}

export type SubmissionValues =
  | { ok: true; values: Record<string, unknown>; email: string | undefined }
  | { ok: false; problems: FieldProblem[] };

/**
 * The Salesforce values of one submission through the mapping's field mappings and transforms,
 * the form's LeadSource and the submission id in the external id field. Required Lead fields the
 * form has no value for get Web-to-Lead's "[not provided]" on Leads the pipeline creates.
 */
export function submissionValues(
  mapping: ObjectMapping,
  submission: FormSubmission,
): SubmissionValues {
  const object = submissionPaths(submission) as unknown as WordPressObject;
  const { values, problems } = mapToSalesforce(mapping, object);
  if (problems.length > 0) return { ok: false, problems };
  if (mapping.form?.leadSource !== undefined && mapping.salesforceObject === 'Lead') {
    values.LeadSource = mapping.form.leadSource;
  }
  values[mapping.externalIdField] = String(submission.id);
  const emailField = mapping.matchField ?? 'Email';
  const email = values[emailField];
  return {
    ok: true,
    values,
    email:
      typeof email === 'string' && email.trim() !== '' ? email.trim().toLowerCase() : undefined,
  };
}

/** Fills the fields a new Lead cannot lack. */
export function withRequiredLeadFields(
  object: string,
  values: Record<string, unknown>,
): Record<string, unknown> {
  if (object !== 'Lead') return values;
  const filled = { ...values };
  for (const field of LEAD_REQUIRED) {
    if (filled[field] === null || filled[field] === undefined || filled[field] === '') {
      filled[field] = NOT_PROVIDED;
    }
  }
  return filled;
}
