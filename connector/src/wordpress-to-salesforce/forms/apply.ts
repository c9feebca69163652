import { FORM_SUBMISSION_TYPE, type ObjectMapping } from '../../mapping/types.js';
import type { FormSubmission } from '../../wordpress/form-submissions.js';
import type { SalesforceOutcome, WordPressChangeItem } from '../types.js';
import { invalid, refused, skipped, succeeded } from './form-outcomes.js';
import {
  foldValues,
  routeByEmail,
  updateValues,
  type Existing,
  type ExistingRecord,
} from './route.js';
import { submissionValues, takesForm, withRequiredLeadFields } from './submission-values.js';
import type { FormApplyDependencies, GroupWrite, SubmissionGroup } from './types.js';
import { joinCampaign, runWrites, type WriteAnswer } from './writes.js';

/**
 * Brings a batch of form submissions to Salesforce as Leads: reads them from the companion
 * plugin, maps them, finds existing Leads and Contacts by email in one query each (per 200),
 * routes each email (open Lead → update, converted Lead → its Contact, Contact → per form, else
 * a new Lead; submissions sharing an email in the batch make one write), writes with sObject
 * Collections, follows duplicate rules, and adds the form's campaign membership. One outcome per
 * submission; call-level failures throw so the intake retries the batch.
 */
export async function applyFormSubmissions(
  mapping: ObjectMapping,
  items: readonly WordPressChangeItem[],
  deps: FormApplyDependencies,
): Promise<SalesforceOutcome[]> {
  const settings = mapping.form;
  const outcomes: SalesforceOutcome[] = [];
  const wanted = items.filter((item) => item.operation === 'create' || item.operation === 'update');
  for (const item of items.filter((entry) => !wanted.includes(entry))) {
    outcomes.push(
      skipped(item.id, `form submissions are never ${item.operation}d in Salesforce`, true),
    );
  }
  if (wanted.length === 0) return outcomes;
  if (!settings || mapping.salesforceObject !== 'Lead') {
    return [
      ...outcomes,
      ...wanted.map((item) =>
        invalid(item.id, [
          {
            field: mapping.salesforceObject,
            code: 'INVALID_VALUE',
            message: `mapping ${mapping.name}: a ${FORM_SUBMISSION_TYPE} mapping must map to Lead`,
          },
        ]),
      ),
    ];
  }
  const submissions = await deps.submissions.read(wanted.map((item) => item.id));
  const byId = new Map(submissions.map((submission) => [submission.id, submission]));
  const groups = new Map<string, SubmissionGroup>();
  for (const item of wanted) {
    const submission = byId.get(item.id);
    const reason = skipReason(submission, settings, deps.namedElsewhere);
    if (!submission || reason) {
      outcomes.push(
        skipped(
          item.id,
          reason?.message ?? `form submission ${item.id} no longer exists`,
          reason?.quiet,
        ),
      );
      continue;
    }
    const mapped = submissionValues(mapping, submission);
    if (!mapped.ok) {
      outcomes.push(invalid(submission.id, mapped.problems));
      continue;
    }
    const key = mapped.email ?? `#${submission.id}`;
    const group = groups.get(key) ?? { email: mapped.email, members: [] };
    group.members.push({ submission, values: mapped.values });
    groups.set(key, group);
  }
  if (groups.size === 0) return outcomes;

  const existing = await findExisting(mapping, [...groups.values()], deps);
  const contactFields = await deps.salesforce.fieldNames('Contact');
  const creates: GroupWrite[] = [];
  const updates: GroupWrite[] = [];
  for (const group of groups.values()) {
    const ordered = [...group.members].sort((a, b) => a.submission.id - b.submission.id);
    const folded = foldValues(
      ordered.map((member) => member.values),
      settings,
    );
    const latest = ordered[ordered.length - 1]?.submission.id ?? 0;
    folded[mapping.externalIdField] = String(latest);
    const route = routeByEmail(group.email, existing, settings);
    if (route.action === 'create') {
      creates.push({
        group,
        object: 'Lead',
        values: withRequiredLeadFields('Lead', folded),
        why: 'new Lead',
      });
      continue;
    }
    const writable =
      route.object === 'Lead'
        ? () => true
        : (field: string) => contactFields.has(field.toLowerCase());
    const values = updateValues(folded, route.record, settings, writable);
    if (route.object === 'Lead') values[mapping.externalIdField] = String(latest);
    updates.push({ group, object: route.object, id: route.record.Id, values, why: route.why });
  }
  const answers = await runWrites(creates, updates, settings, deps.salesforce);
  const campaignFailures = settings.campaignId
    ? await joinCampaign(settings.campaignId, answers, deps.salesforce)
    : new Map();
  for (const answer of answers) outcomes.push(...groupOutcomes(answer, campaignFailures));
  return outcomes;
}

function skipReason(
  submission: FormSubmission | undefined,
  settings: NonNullable<ObjectMapping['form']>,
  namedElsewhere: ReadonlySet<number>,
): { message: string; quiet?: boolean } | undefined {
  if (!submission) return undefined;
  if (!takesForm(settings, submission.formId, namedElsewhere)) {
    return { message: `form ${submission.formId} belongs to another mapping`, quiet: true };
  }
  if (submission.status === 'spam') return { message: 'spam is never sent to Salesforce' };
  if (submission.status === 'synced' && submission.salesforceId) {
    return { message: `already synced to ${submission.salesforceId}`, quiet: true };
  }
  return undefined;
}

/**
 * Leads and Contacts with the batch's emails (one Composite call per 200), then the Contacts
 * of converted Leads that the emails did not find (their email changed since).
 */
async function findExisting(
  mapping: ObjectMapping,
  groups: readonly SubmissionGroup[],
  deps: FormApplyDependencies,
): Promise<Existing> {
  const emails = groups.flatMap((group) => (group.email ? [group.email] : []));
  if (emails.length === 0) return { leads: [], contacts: [] };
  const mapped = mapping.fields.map((field) => field.salesforceField);
  const contactFields = await deps.salesforce.fieldNames('Contact');
  const onContact = mapped.filter((field) => contactFields.has(field.toLowerCase()));
  const found = await deps.salesforce.leadsAndContactsByEmail(
    emails,
    ['IsConverted', 'ConvertedContactId', ...mapped],
    onContact,
  );
  const leads = found.leads as ExistingRecord[];
  const contacts = found.contacts as ExistingRecord[];
  const missing = leads.flatMap((lead) =>
    lead.IsConverted === true &&
    typeof lead.ConvertedContactId === 'string' &&
    !contacts.some((contact) => contact.Id === lead.ConvertedContactId)
      ? [lead.ConvertedContactId]
      : [],
  );
  if (missing.length > 0) {
    const more = await deps.salesforce.findByValueOrId(
      'Contact',
      undefined,
      [],
      missing,
      onContact,
    );
    contacts.push(...(more as ExistingRecord[]));
  }
  return { leads, contacts };
}

function groupOutcomes(
  answer: WriteAnswer,
  campaignFailures: ReadonlyMap<string, WriteAnswer['errors']>,
): SalesforceOutcome[] {
  const { write } = answer;
  return write.group.members.map(({ submission }) => {
    const errors =
      answer.errors.length > 0 ? answer.errors : (campaignFailures.get(answer.id ?? '') ?? []);
    if (errors.length > 0 || answer.id === undefined) {
      return refused(submission.id, answer.id, answer.operation, errors, write.values);
    }
    const verb = answer.operation === 'create' ? 'Created' : 'Updated';
    return succeeded(
      submission.id,
      answer.id,
      answer.operation,
      `${verb} ${write.object} ${answer.id} (${answer.why}) from form ${submission.formId}`,
      Object.keys(write.values),
    );
  });
}
