/**
 * 1,000 form submissions → Leads: Salesforce API calls per 1,000 (issue 19 goal ≤ 15, match
 * queries included) and time until all are in Salesforce, for sfwp's form pipeline (batches of
 * 200, as the change-feed intake hands them over) against a naive sync that queries by email
 * and creates one submission at a time. Both run against a fresh org emulator; the submissions
 * come from an in-process stand-in of the companion plugin's read route, so the figures are the
 * Salesforce side only (the WordPress side is the intake's, measured by the other parts).
 *
 *   npx tsx bench/forms.ts [--count 1000]
 */
import { Connection } from 'jsforce';
import { parseArgs } from 'node:util';
import type { ObjectMapping } from '../connector/src/mapping/types.js';
import { FormRecords } from '../connector/src/salesforce/form-records.js';
import { loadMappingsFromOrg } from '../connector/src/salesforce/mapping-loader.js';
import { SalesforceRecordGateway } from '../connector/src/salesforce/record-gateway.js';
import type { FormSubmission } from '../connector/src/wordpress/form-submissions.js';
import { applyFormSubmissions } from '../connector/src/wordpress-to-salesforce/forms/apply.js';
import { startEmulator, type RunningEmulator } from '../test/emulator/index.js';

export interface FormsMeasurement {
  count: number;
  sfwp: { seconds: number; callsPer1000: number; leads: number };
  naive: { seconds: number; callsPer1000: number; leads: number };
}

const BATCH = 200;

function submissions(count: number, tag: string): FormSubmission[] {
  return Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    formId: 1,
    formName: 'Contact us',
    // Every tenth email comes twice: the dedupe is part of the work.
    fields: {
      email: `visitor${index % 10 === 9 ? index - 1 : index}.${tag}@example.test`,
      first_name: `Visitor${index}`,
      last_name: 'Bench',
      company: 'Bench Ltd',
    },
    consent: true,
    utm: { source: 'bench', medium: '', campaign: tag, term: '', content: '' },
    pageUrl: 'https://example.test/contact-us/',
    submittedAt: new Date().toISOString(),
    status: 'pending',
    salesforceId: null,
  }));
}

async function connect(emulator: RunningEmulator): Promise<Connection> {
  const connection = new Connection({
    oauth2: {
      loginUrl: emulator.loginUrl,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
    },
    version: '65.0',
  });
  await connection.authorize({ grant_type: 'client_credentials' });
  return connection;
}

async function shippedFormMapping(connection: Connection): Promise<ObjectMapping> {
  const loaded = await loadMappingsFromOrg(connection);
  const mapping = loaded.mappings.find((candidate) => candidate.name === 'Lead_Form_Submission');
  if (!mapping) throw new Error('the package ships no Lead_Form_Submission mapping');
  return { ...mapping, active: true };
}

function leadCount(emulator: RunningEmulator): number {
  return emulator.org.query('SELECT Id FROM Lead').records.length;
}

async function runSfwp(count: number): Promise<FormsMeasurement['sfwp']> {
  const emulator = await startEmulator({ pubSub: false });
  try {
    const connection = await connect(emulator);
    const mapping = await shippedFormMapping(connection);
    const stored = submissions(count, 'sfwp');
    const byId = new Map(stored.map((submission) => [submission.id, submission]));
    const gateway = new SalesforceRecordGateway(connection);
    const records = new FormRecords(connection);
    const before = emulator.usage.usedCalls;
    const started = performance.now();
    for (let start = 0; start < stored.length; start += BATCH) {
      const batch = stored.slice(start, start + BATCH);
      const outcomes = await applyFormSubmissions(
        mapping,
        batch.map((submission) => ({ id: submission.id, operation: 'create' as const })),
        {
          submissions: {
            read: (ids) => Promise.resolve(ids.flatMap((id) => byId.get(id) ?? [])),
          },
          salesforce: {
            findByValueOrId: (...args) => gateway.findByValueOrId(...args),
            create: (...args) => records.create(...args),
            update: (...args) => records.update(...args),
            campaignMembers: (...args) => records.campaignMembers(...args),
            fieldNames: (object) => records.fieldNames(object),
            leadsAndContactsByEmail: (...args) => records.leadsAndContactsByEmail(...args),
          },
          namedElsewhere: new Set(),
        },
      );
      const failed = outcomes.filter((outcome) => outcome.status !== 'Success');
      if (failed.length > 0) throw new Error(`sfwp: ${failed.length} submissions not synced`);
    }
    const seconds = (performance.now() - started) / 1000;
    const calls = emulator.usage.usedCalls - before;
    return { seconds, callsPer1000: (calls * 1000) / count, leads: leadCount(emulator) };
  } finally {
    await emulator.stop();
  }
}

/** What a plugin add-on does at submit time: look the email up, then create or update. */
async function runNaive(count: number): Promise<FormsMeasurement['naive']> {
  const emulator = await startEmulator({ pubSub: false });
  try {
    const connection = await connect(emulator);
    const stored = submissions(count, 'naive');
    const before = emulator.usage.usedCalls;
    const started = performance.now();
    for (const submission of stored) {
      const email = String(submission.fields.email);
      const found = await connection.query<{ Id: string }>(
        `SELECT Id FROM Lead WHERE Email = '${email}' AND IsConverted = false LIMIT 1`,
      );
      const values = {
        FirstName: submission.fields.first_name,
        LastName: submission.fields.last_name,
        Company: submission.fields.company,
        Email: email,
        LeadSource: 'Web',
        WP_UTM_Source__c: submission.utm.source,
      };
      const existing = found.records[0];
      if (existing) await connection.sobject('Lead').update({ Id: existing.Id, ...values });
      else await connection.sobject('Lead').create(values);
    }
    const seconds = (performance.now() - started) / 1000;
    const calls = emulator.usage.usedCalls - before;
    return { seconds, callsPer1000: (calls * 1000) / count, leads: leadCount(emulator) };
  } finally {
    await emulator.stop();
  }
}

export async function measureForms(count = 1000): Promise<FormsMeasurement> {
  return { count, sfwp: await runSfwp(count), naive: await runNaive(count) };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' } } });
  const result = await measureForms(Number(values.count));
  console.log(JSON.stringify(result, null, 2));
}
