import type { FormSettings } from '../../mapping/types.js';
import type { FormRecordError, FormRecordResult } from '../../salesforce/form-records.js';
import { updateValues } from './route.js';
import type { FormSalesforce, GroupWrite } from './types.js';

/** A write's final answer: the record written, or why not. */
export interface WriteAnswer {
  write: GroupWrite;
  id?: string;
  errors: FormRecordError[];
  operation: 'create' | 'update';
  why: string;
}

const OBJECT_OF_PREFIX: Record<string, 'Lead' | 'Contact'> = { '00Q': 'Lead', '003': 'Contact' };

async function runUpdates(
  writes: readonly GroupWrite[],
  salesforce: FormSalesforce,
): Promise<WriteAnswer[]> {
  const answers: WriteAnswer[] = [];
  for (const object of ['Lead', 'Contact'] as const) {
    const mine = writes.filter((write) => write.object === object);
    const sending = mine.filter((write) => Object.keys(write.values).length > 0);
    const results = await salesforce.update(
      object,
      sending.map((write) => ({ ...write.values, Id: write.id })),
    );
    for (const write of mine) {
      const result = results[sending.indexOf(write)];
      answers.push({
        write,
        id: write.id,
        errors: result && !result.success ? result.errors : [],
        operation: 'update',
        why: write.why,
      });
    }
  }
  return answers;
}

/**
 * Links creates a duplicate rule refused to the record it matched: reads that record's mapped
 * fields and updates it by the form's field policy.
 */
async function linkToMatches(
  refused: readonly { write: GroupWrite; matchId: string }[],
  settings: FormSettings,
  salesforce: FormSalesforce,
): Promise<WriteAnswer[]> {
  const updates: GroupWrite[] = [];
  for (const object of ['Lead', 'Contact'] as const) {
    const mine = refused.filter((item) => OBJECT_OF_PREFIX[item.matchId.slice(0, 3)] === object);
    if (mine.length === 0) continue;
    const fields = await salesforce.fieldNames(object);
    const writable = (field: string) => fields.has(field.toLowerCase());
    const wanted = [...new Set(mine.flatMap((item) => Object.keys(item.write.values)))].filter(
      writable,
    );
    const rows = await salesforce.findByValueOrId(
      object,
      undefined,
      [],
      mine.map((item) => item.matchId),
      wanted,
    );
    for (const item of mine) {
      const current = rows.find((row) => row.Id === item.matchId) ?? {};
      updates.push({
        ...item.write,
        object,
        id: item.matchId,
        values: updateValues(item.write.values, current, settings, writable),
        why: `${object} a duplicate rule matched`,
      });
    }
  }
  return runUpdates(updates, salesforce);
}

function duplicateOf(result: FormRecordResult | undefined): FormRecordError | undefined {
  return result?.errors.find((error) => error.statusCode === 'DUPLICATES_DETECTED');
}

/**
 * Creates the new Leads (Collections, 200 a call). A create the org's duplicate rules refuse is
 * saved again with `allowSave=true` when the form says AllowSave and the rule is an Alert one,
 * and otherwise linked to the record the rule matched. Then the updates.
 */
export async function runWrites(
  creates: readonly GroupWrite[],
  updates: readonly GroupWrite[],
  settings: FormSettings,
  salesforce: FormSalesforce,
): Promise<WriteAnswer[]> {
  const answers: WriteAnswer[] = [];
  const results = await salesforce.create(
    'Lead',
    creates.map((write) => write.values),
  );
  const saveAnyway: GroupWrite[] = [];
  const link: { write: GroupWrite; matchId: string }[] = [];
  creates.forEach((write, index) => {
    const result = results[index];
    const duplicate = duplicateOf(result);
    if (duplicate && settings.duplicateRule === 'AllowSave' && duplicate.allowSave) {
      saveAnyway.push(write);
    } else if (duplicate?.matchIds[0] !== undefined) {
      link.push({ write, matchId: duplicate.matchIds[0] });
    } else {
      answers.push({
        write,
        id: result?.success ? result.id : undefined,
        errors: result?.success ? [] : (result?.errors ?? []),
        operation: 'create',
        why: 'new Lead',
      });
    }
  });
  if (saveAnyway.length > 0) {
    const saved = await salesforce.create(
      'Lead',
      saveAnyway.map((write) => write.values),
      { allowSave: true },
    );
    saveAnyway.forEach((write, index) => {
      const result = saved[index];
      answers.push({
        write,
        id: result?.success ? result.id : undefined,
        errors: result?.success ? [] : (result?.errors ?? []),
        operation: 'create',
        why: 'new Lead saved past a duplicate rule alert',
      });
    });
  }
  answers.push(...(await linkToMatches(link, settings, salesforce)));
  answers.push(...(await runUpdates(updates, salesforce)));
  return answers;
}

/** Adds each written person to the form's campaign unless a member already. */
export async function joinCampaign(
  campaignId: string,
  answers: readonly WriteAnswer[],
  salesforce: FormSalesforce,
): Promise<Map<string, FormRecordError[]>> {
  const people = answers.flatMap((answer) =>
    answer.id !== undefined && answer.errors.length === 0 ? [answer.id] : [],
  );
  const failures = new Map<string, FormRecordError[]>();
  if (people.length === 0) return failures;
  const members = await salesforce.campaignMembers(campaignId, people);
  const joining = [...new Set(people.filter((id) => !members.has(id)))];
  const results = await salesforce.create(
    'CampaignMember',
    joining.map((id) => ({
      CampaignId: campaignId,
      [id.startsWith('003') ? 'ContactId' : 'LeadId']: id,
    })),
  );
  joining.forEach((id, index) => {
    const result = results[index];
    // Joined meanwhile: the membership is there, which is what was wanted.
    const errors = (result?.errors ?? []).filter((error) => error.statusCode !== 'DUPLICATE_VALUE');
    if (result && !result.success && errors.length > 0) failures.set(id, errors);
  });
  return failures;
}
