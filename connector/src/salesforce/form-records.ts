import type { Connection } from 'jsforce';
import { queryTogether } from './composite-queries.js';
import { salesforceCall } from './errors.js';
import { matchOrIdQueries } from './record-queries.js';
import { COLLECTION_LIMIT, type SalesforceRecord } from './record-gateway.js';
import { soqlString } from './soql-literal.js';

/** A record error, with the records a duplicate rule matched (DUPLICATES_DETECTED). */
export interface FormRecordError {
  statusCode: string;
  message: string;
  fields: string[];
  /** Ids from `duplicateResult.matchResults[].matchRecords[].record.Id`, in Salesforce's order. */
  matchIds: string[];
  /** `duplicateResult.allowSave`: whether the rule is an Alert one (the header may save). */
  allowSave: boolean;
}

export interface FormRecordResult {
  id: string | undefined;
  success: boolean;
  errors: FormRecordError[];
}

interface RawError {
  statusCode?: string;
  errorCode?: string;
  message?: string;
  fields?: string[];
  duplicateResult?: RawDuplicateResult;
  // Salesforce's REST answers have been seen spelling it so (docs/FORMS.md).
  duplicateResut?: RawDuplicateResult;
}

interface RawDuplicateResult {
  allowSave?: boolean;
  matchResults?: { matchRecords?: { record?: { Id?: string } }[] }[];
}

/** The header that saves past Alert duplicate rules (REST API "Duplicate Rule Header", v52+). */
export const ALLOW_SAVE_HEADER = { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' };

function toError(raw: RawError): FormRecordError {
  const duplicate = raw.duplicateResult ?? raw.duplicateResut;
  const matchIds = (duplicate?.matchResults ?? []).flatMap((result) =>
    (result.matchRecords ?? []).flatMap((match) => (match.record?.Id ? [match.record.Id] : [])),
  );
  return {
    statusCode: raw.statusCode ?? raw.errorCode ?? 'UNKNOWN_ERROR',
    message: raw.message ?? '',
    fields: raw.fields ?? [],
    matchIds,
    allowSave: duplicate?.allowSave === true,
  };
}

function toResult(raw: { id?: string | null; success: boolean; errors?: RawError[] }) {
  return { id: raw.id ?? undefined, success: raw.success, errors: (raw.errors ?? []).map(toError) };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}

/**
 * The writes and reads of the form submission pipeline that the record gateway does not do:
 * Collections creates and updates whose errors keep the duplicate rule's matches, and campaign
 * memberships. Call-level failures throw as ./errors.ts types them.
 */
export class FormRecords {
  private readonly described = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(private readonly connection: Connection) {}

  /** The object's field names, lower-cased (one describe per object and process). */
  fieldNames(object: string): Promise<ReadonlySet<string>> {
    let names = this.described.get(object);
    if (!names) {
      names = salesforceCall(this.connection.describe(object)).then(
        (result) => new Set(result.fields.map((field) => field.name.toLowerCase())),
      );
      names.catch(() => this.described.delete(object));
      this.described.set(object, names);
    }
    return names;
  }

  /**
   * Leads and Contacts whose Email is one of `emails` (as Salesforce compares text: case
   * insensitive), with the fields asked for: both queries in one Composite request per 200
   * emails, one API call instead of two.
   */
  async leadsAndContactsByEmail(
    emails: readonly string[],
    leadFields: readonly string[],
    contactFields: readonly string[],
  ): Promise<{ leads: SalesforceRecord[]; contacts: SalesforceRecord[] }> {
    const leads = matchOrIdQueries('Lead', 'Email', emails, [], leadFields);
    const contacts = matchOrIdQueries('Contact', 'Email', emails, [], contactFields);
    const answers = await queryTogether(this.connection, [...leads, ...contacts]);
    return {
      leads: answers.slice(0, leads.length).flat(),
      contacts: answers.slice(leads.length).flat(),
    };
  }

  /** `POST /composite/sobjects`, 200 a call; `allowSave` sends the duplicate rule header. */
  async create(
    object: string,
    records: readonly SalesforceRecord[],
    options: { allowSave?: boolean } = {},
  ): Promise<FormRecordResult[]> {
    const results: FormRecordResult[] = [];
    for (const chunk of chunks(records, COLLECTION_LIMIT)) {
      const raw = (await salesforceCall(
        this.connection.sobject(object).create(chunk, {
          allOrNone: false,
          ...(options.allowSave === true ? { headers: ALLOW_SAVE_HEADER } : {}),
        }),
      )) as unknown;
      results.push(...(raw as Parameters<typeof toResult>[0][]).map(toResult));
    }
    return results;
  }

  /** `PATCH /composite/sobjects` by Id, 200 a call. */
  async update(object: string, records: readonly SalesforceRecord[]): Promise<FormRecordResult[]> {
    const results: FormRecordResult[] = [];
    for (const chunk of chunks(records, COLLECTION_LIMIT)) {
      const raw = (await salesforceCall(
        this.connection
          .sobject(object)
          .update(chunk as (SalesforceRecord & { Id: string })[], { allOrNone: false }),
      )) as unknown;
      results.push(...(raw as Parameters<typeof toResult>[0][]).map(toResult));
    }
    return results;
  }

  /** Which of `personIds` (Lead or Contact ids) are members of the campaign already. */
  async campaignMembers(campaignId: string, personIds: readonly string[]): Promise<Set<string>> {
    const members = new Set<string>();
    for (const chunk of chunks([...new Set(personIds)], COLLECTION_LIMIT)) {
      const list = chunk.map(soqlString).join(', ');
      const soql =
        `SELECT LeadId, ContactId FROM CampaignMember WHERE CampaignId = ${soqlString(campaignId)} ` +
        `AND (LeadId IN (${list}) OR ContactId IN (${list}))`;
      const result = await salesforceCall(
        this.connection.query<{ LeadId?: string | null; ContactId?: string | null }>(soql, {
          autoFetch: true,
        }),
      );
      for (const row of result.records) {
        if (row.LeadId) members.add(row.LeadId);
        if (row.ContactId) members.add(row.ContactId);
      }
    }
    return members;
  }
}
