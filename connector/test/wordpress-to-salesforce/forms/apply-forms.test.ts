import { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../../src/mapping/types.js';
import { FormRecords } from '../../../src/salesforce/form-records.js';
import { loadMappingsFromOrg } from '../../../src/salesforce/mapping-loader.js';
import { SalesforceRecordGateway } from '../../../src/salesforce/record-gateway.js';
import type { FormSubmission } from '../../../src/wordpress/form-submissions.js';
import { applyFormSubmissions } from '../../../src/wordpress-to-salesforce/forms/apply.js';
import type { FormApplyDependencies } from '../../../src/wordpress-to-salesforce/forms/types.js';
import { startEmulator, type RunningEmulator } from '../../../../test/emulator/index.js';

const FORM = 7;

function submission(
  id: number,
  fields: Record<string, string>,
  extra: Partial<FormSubmission> = {},
): FormSubmission {
  return {
    id,
    formId: FORM,
    formName: 'Contact us',
    fields,
    consent: true,
    utm: { source: 'news', medium: 'email', campaign: 'spring', term: '', content: '' },
    pageUrl: 'https://example.org/contact-us/',
    submittedAt: '2026-12-06T18:00:00Z',
    status: 'pending',
    salesforceId: null,
    ...extra,
  };
}

describe('form submissions → Leads against the emulated org', () => {
  let emulator: RunningEmulator;
  let shipped: ObjectMapping;
  let deps: FormApplyDependencies;
  const stored = new Map<number, FormSubmission>();
  let nextId = 1;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    const connection = new Connection({
      oauth2: {
        loginUrl: emulator.loginUrl,
        clientId: emulator.credentials.clientId,
        clientSecret: emulator.credentials.clientSecret,
      },
      version: '65.0',
    });
    await connection.authorize({ grant_type: 'client_credentials' });
    const loaded = await loadMappingsFromOrg(connection);
    const found = loaded.mappings.find((mapping) => mapping.name === 'Lead_Form_Submission');
    if (!found) throw new Error(`no shipped form mapping: ${JSON.stringify(loaded.problems)}`);
    shipped = found;
    const gateway = new SalesforceRecordGateway(connection);
    const records = new FormRecords(connection);
    deps = {
      submissions: {
        read: (ids) => Promise.resolve(ids.flatMap((id) => stored.get(id) ?? [])),
      },
      salesforce: {
        findByValueOrId: (...args) => gateway.findByValueOrId(...args),
        create: (...args) => records.create(...args),
        update: (...args) => records.update(...args),
        campaignMembers: (...args) => records.campaignMembers(...args),
        fieldNames: (object) => records.fieldNames(object),
        leadsAndContactsByEmail: (...args) => records.leadsAndContactsByEmail(...args),
      },
      namedElsewhere: new Set([99]),
    };
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.org.duplicateRules.set([]);
  });

  function submit(fields: Record<string, string>, extra: Partial<FormSubmission> = {}): number {
    const id = nextId++;
    stored.set(id, submission(id, fields, extra));
    return id;
  }

  function apply(ids: number[], settings: Partial<NonNullable<ObjectMapping['form']>> = {}) {
    if (!shipped.form) throw new Error('the shipped mapping has no form settings');
    const mapping = { ...shipped, form: { ...shipped.form, ...settings } };
    return applyFormSubmissions(
      mapping,
      ids.map((id) => ({ id, operation: 'create' as const })),
      deps,
    );
  }

  const leadsWith = (email: string) =>
    emulator.org.query(
      `SELECT Id, FirstName, LastName, Company, Phone, LeadSource, WP_UTM_Source__c, WP_UTM_Campaign__c, WP_Page_URL__c, WP_Form_Submission_Id__c FROM Lead WHERE Email = '${email}'`,
    ).records;

  it('loads the shipped mapping with its form settings', () => {
    expect(shipped).toMatchObject({
      wordpressType: 'form_submission',
      salesforceObject: 'Lead',
      active: false,
      externalIdField: 'WP_Form_Submission_Id__c',
      form: {
        existingContact: 'UpdateContact',
        duplicateRule: 'LinkToMatch',
        fieldPolicy: 'FillBlanks',
        leadSource: 'Web',
      },
    });
  });

  it('creates one Lead per email and updates it on the next submission (fill blanks)', async () => {
    const first = submit({ first_name: 'Ada', last_name: 'Lovelace', email: 'Ada@Example.org' });
    const same = submit({ first_name: 'Augusta', email: 'ada@example.org', company: 'Engines' });
    const outcomes = await apply([first, same]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['Success', 'Success']);
    const [lead] = leadsWith('ada@example.org');
    expect(leadsWith('ada@example.org')).toHaveLength(1);
    expect(lead).toMatchObject({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Company: 'Engines',
      LeadSource: 'Web',
      WP_UTM_Source__c: 'news',
      WP_UTM_Campaign__c: 'spring',
      WP_Page_URL__c: 'https://example.org/contact-us/',
      WP_Form_Submission_Id__c: String(same),
    });
    expect(outcomes[0]?.salesforceId).toBe(lead?.Id);

    const later = submit({ first_name: 'Someone', email: 'ada@example.org', phone: '+44 1' });
    const [again] = await apply([later]);
    expect(again).toMatchObject({ status: 'Success', operation: 'update', salesforceId: lead?.Id });
    expect(leadsWith('ada@example.org')).toEqual([
      expect.objectContaining({ FirstName: 'Ada', Phone: '+44 1' }),
    ]);

    const overwrite = submit({ first_name: 'Ada B.', email: 'ada@example.org' });
    await apply([overwrite], { fieldPolicy: 'Overwrite' });
    expect(leadsWith('ada@example.org')[0]).toMatchObject({ FirstName: 'Ada B.', Phone: '+44 1' });
  });

  it('fills the Lead fields Salesforce requires with [not provided]', async () => {
    await apply([submit({ email: 'anon@example.org' })]);
    expect(leadsWith('anon@example.org')[0]).toMatchObject({
      LastName: '[not provided]',
      Company: '[not provided]',
    });
  });

  it('updates the Contact of a converted Lead, never the converted Lead', async () => {
    const leadId = emulator.org.insert('Lead', {
      LastName: 'Hopper',
      Company: 'Navy',
      Email: 'grace@example.org',
    });
    const { contactId } = emulator.org.convertLead(leadId);
    const [outcome] = await apply([submit({ email: 'grace@example.org', phone: '555' })]);
    expect(outcome).toMatchObject({ status: 'Success', salesforceId: contactId });
    expect(emulator.org.get('Contact', contactId)).toMatchObject({ Phone: '555' });
    expect(leadsWith('grace@example.org')).toHaveLength(1);
  });

  it('updates an existing Contact or creates a Lead anyway, as the form says', async () => {
    const contactId = emulator.org.insert('Contact', {
      LastName: 'Dijkstra',
      Email: 'ew@example.org',
    });
    const [updated] = await apply([submit({ email: 'ew@example.org', first_name: 'Edsger' })]);
    expect(updated).toMatchObject({ status: 'Success', salesforceId: contactId });
    expect(emulator.org.get('Contact', contactId)).toMatchObject({ FirstName: 'Edsger' });
    expect(leadsWith('ew@example.org')).toHaveLength(0);

    const [created] = await apply([submit({ email: 'ew@example.org' })], {
      existingContact: 'CreateLead',
    });
    expect(created).toMatchObject({ status: 'Success', operation: 'create' });
    expect(leadsWith('ew@example.org')).toHaveLength(1);
  });

  it('links to the record a duplicate rule matched, or saves past an alert with allowSave', async () => {
    const contactId = emulator.org.insert('Contact', {
      LastName: 'Liskov',
      Email: 'bl@example.org',
    });
    emulator.org.duplicateRules.set([
      {
        name: 'Leads_with_Duplicate_Contacts',
        object: 'Lead',
        action: 'Alert',
        matches: [{ object: 'Contact', field: 'Email', rule: 'Contact_Email' }],
      },
    ]);
    const [linked] = await apply([submit({ email: 'bl@example.org', phone: '42' })], {
      existingContact: 'CreateLead',
    });
    expect(linked).toMatchObject({
      status: 'Success',
      operation: 'update',
      salesforceId: contactId,
    });
    expect(emulator.org.get('Contact', contactId)).toMatchObject({ Phone: '42' });
    expect(leadsWith('bl@example.org')).toHaveLength(0);

    const [saved] = await apply([submit({ email: 'bl@example.org' })], {
      existingContact: 'CreateLead',
      duplicateRule: 'AllowSave',
    });
    expect(saved).toMatchObject({ status: 'Success', operation: 'create' });
    expect(leadsWith('bl@example.org')).toHaveLength(1);
  });

  it('adds each submitter to the form campaign once', async () => {
    const campaignId = emulator.org.insert('Campaign', { Name: 'Spring webinar' });
    const first = submit({ email: 'cm@example.org', last_name: 'Member' });
    await apply([first], { campaignId });
    const again = submit({ email: 'cm@example.org' });
    const [outcome] = await apply([again], { campaignId });
    expect(outcome?.status).toBe('Success');
    const members = emulator.org.query(
      `SELECT LeadId FROM CampaignMember WHERE CampaignId = '${campaignId}'`,
    ).records;
    expect(members.map((member) => member.LeadId)).toEqual([leadsWith('cm@example.org')[0]?.Id]);
  });

  it('fails a submission without the required email, and skips spam and other forms', async () => {
    const noEmail = submit({ first_name: 'Nobody' });
    const spam = submit({ email: 'spam@example.org' }, { status: 'spam' });
    const other = submit({ email: 'other@example.org' }, { formId: 99 });
    const outcomes = await apply([noEmail, spam, other]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        wordpressId: noEmail,
        status: 'Failed',
        code: 'REQUIRED_FIELD_MISSING',
      }),
      expect.objectContaining({ wordpressId: spam, status: 'Skipped' }),
      expect.objectContaining({ wordpressId: other, status: 'Skipped', quiet: true }),
    ]);
    expect(leadsWith('spam@example.org')).toHaveLength(0);
    expect(leadsWith('other@example.org')).toHaveLength(0);
  });
});
