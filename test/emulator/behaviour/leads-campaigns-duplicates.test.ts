import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';

const LEAD_RULE = {
  name: 'Standard_Rule_for_Leads_with_Duplicate_Contacts',
  object: 'Lead',
  action: 'Alert' as const,
  matches: [
    { object: 'Contact', field: 'Email', rule: 'Contact_Email_Match' },
    { object: 'Lead', field: 'Email', rule: 'Lead_Email_Match' },
  ],
};

describe('Leads, duplicate rules and campaigns', () => {
  let emulator: RunningEmulator;
  let client: RestClient;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    client = await restClient(emulator, 'integration');
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.org.duplicateRules.set([]);
  });

  async function createLead(values: Record<string, unknown>) {
    return client.call('POST', '/sobjects/Lead', { Company: 'Acme', ...values });
  }

  it('converts a Lead and refuses updates of it with CANNOT_UPDATE_CONVERTED_LEAD', async () => {
    const created = await createLead({ LastName: 'Lovelace', Email: 'ada@example.com' });
    const leadId = (created.body as { id: string }).id;
    expect(emulator.org.get('Lead', leadId)?.IsConverted).toBe(false);
    const converted = emulator.org.convertLead(leadId);
    const lead = emulator.org.get('Lead', leadId);
    expect(lead).toMatchObject({
      IsConverted: true,
      ConvertedContactId: converted.contactId,
      ConvertedAccountId: converted.accountId,
    });
    expect(emulator.org.get('Contact', converted.contactId)).toMatchObject({
      LastName: 'Lovelace',
      Email: 'ada@example.com',
      AccountId: converted.accountId,
    });
    const update = await client.call('PATCH', `/sobjects/Lead/${leadId}`, { Title: 'CTO' });
    expect(update.status).toBe(400);
    expect(update.body).toEqual([
      {
        errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
        message: 'cannot reference converted lead',
        fields: [],
      },
    ]);
    const queried = emulator.org.query(
      `SELECT ConvertedContactId FROM Lead WHERE Email = 'ada@example.com' AND IsConverted = true`,
    );
    expect(queried.records.map((row) => row.ConvertedContactId)).toEqual([converted.contactId]);
  });

  it('refuses the conversion fields from the API', async () => {
    const answer = await createLead({ LastName: 'X', ConvertedContactId: null });
    expect(answer.status).toBe(400);
    expect((answer.body as { errorCode: string }[])[0]?.errorCode).toBe(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
    );
  });

  it('answers DUPLICATES_DETECTED with the duplicateResult, and saves with allowSave=true', async () => {
    const contactId = emulator.org.insert('Contact', {
      LastName: 'Hopper',
      Email: 'Grace@Example.com',
    });
    emulator.org.duplicateRules.set([LEAD_RULE]);
    const refused = await createLead({ LastName: 'Hopper', Email: 'grace@example.com' });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([
      {
        errorCode: 'DUPLICATES_DETECTED',
        message: 'Use one of these records?',
        fields: [],
        duplicateResult: {
          allowSave: true,
          duplicateRule: LEAD_RULE.name,
          duplicateRuleEntityType: 'Lead',
          errorMessage: 'Use one of these records?',
          matchResults: [
            {
              entityType: 'Contact',
              errors: [],
              matchEngine: 'ExactMatchEngine',
              matchRecords: [
                {
                  additionalInformation: [],
                  fieldDiffs: [],
                  matchConfidence: 100,
                  record: {
                    attributes: {
                      type: 'Contact',
                      url: `/services/data/v65.0/sobjects/Contact/${contactId}`,
                    },
                    Id: contactId,
                  },
                },
              ],
              rule: 'Contact_Email_Match',
              size: 1,
              success: true,
            },
          ],
        },
      },
    ]);
    const saved = await client.call(
      'POST',
      '/sobjects/Lead',
      { Company: 'Acme', LastName: 'Hopper', Email: 'grace@example.com' },
      { 'Sforce-Duplicate-Rule-Header': 'allowSave=true; includeRecordDetails=false' },
    );
    expect(saved.status).toBe(201);
  });

  it('never saves past a Block rule, and reports per record in sObject Collections', async () => {
    emulator.org.insert('Lead', { LastName: 'Taken', Company: 'A', Email: 'taken@example.com' });
    emulator.org.duplicateRules.set([{ ...LEAD_RULE, action: 'Block' }]);
    const answer = await client.call(
      'POST',
      '/composite/sobjects',
      {
        allOrNone: false,
        records: [
          { attributes: { type: 'Lead' }, LastName: 'New', Company: 'A', Email: 'new@example.com' },
          { attributes: { type: 'Lead' }, LastName: 'T', Company: 'A', Email: 'taken@example.com' },
        ],
      },
      { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' },
    );
    const results = answer.body as {
      success: boolean;
      errors: { statusCode: string; duplicateResult?: { allowSave: boolean } }[];
    }[];
    expect(results.map((result) => result.success)).toEqual([true, false]);
    expect(results[1]?.errors[0]?.statusCode).toBe('DUPLICATES_DETECTED');
    expect(results[1]?.errors[0]?.duplicateResult?.allowSave).toBe(false);
  });

  it('checks an edit only when a compared field changes', async () => {
    emulator.org.insert('Contact', { LastName: 'C', Email: 'edit@example.com' });
    const leadId = emulator.org.insert('Lead', {
      LastName: 'L',
      Company: 'A',
      Email: 'x@example.com',
    });
    emulator.org.duplicateRules.set([LEAD_RULE]);
    const title = await client.call('PATCH', `/sobjects/Lead/${leadId}`, { Title: 'CEO' });
    expect(title.status).toBe(204);
    const email = await client.call('PATCH', `/sobjects/Lead/${leadId}`, {
      Email: 'edit@example.com',
    });
    expect((email.body as { errorCode: string }[])[0]?.errorCode).toBe('DUPLICATES_DETECTED');
  });

  it('adds a Lead or Contact to a Campaign once, and refuses a second membership', async () => {
    const campaignId = emulator.org.insert('Campaign', { Name: 'Webinar', IsActive: true });
    const leadId = emulator.org.insert('Lead', { LastName: 'M', Company: 'A' });
    const first = await client.call('POST', '/sobjects/CampaignMember', {
      CampaignId: campaignId,
      LeadId: leadId,
    });
    expect(first.status).toBe(201);
    const again = await client.call('POST', '/sobjects/CampaignMember', {
      CampaignId: campaignId,
      LeadId: leadId,
    });
    expect(again.status).toBe(400);
    expect(again.body).toEqual([
      { errorCode: 'DUPLICATE_VALUE', message: 'Already a campaign member.', fields: ['LeadId'] },
    ]);
    const nobody = await client.call('POST', '/sobjects/CampaignMember', {
      CampaignId: campaignId,
    });
    expect((nobody.body as { errorCode: string }[])[0]?.errorCode).toBe('REQUIRED_FIELD_MISSING');
    const members = emulator.org.query(
      `SELECT LeadId FROM CampaignMember WHERE CampaignId = '${campaignId}'`,
    );
    expect(members.records).toHaveLength(1);
  });
});
