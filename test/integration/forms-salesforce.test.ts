/**
 * Issue 19, Salesforce half: form submissions stored by the companion plugin in the run's real
 * WordPress reach the emulated org as Leads through the connector — durably (200 accepted while
 * the connector is stopped all arrive once it starts, each exactly once), deduplicated by email
 * (same email → same Lead, converted Lead → its Contact), and through Salesforce refusing (503
 * bursts, then a validation error on one record: that one is a dead letter and a Failed
 * WP_Sync_Log__c row, every other arrives). The visitor got "thank you" every time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, type Config } from '../../connector/src/config/index.js';
import { startConnector, type ConnectorHandle } from '../../connector/src/app/connector.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { SqliteStateStore } from '../../connector/src/store/sqlite-state-store.js';
import type { RunningEmulator } from '../emulator/index.js';
import { resetWordPress } from '../wordpress/reset.js';
import { connectAs, connectorEnvironment, startTrustedEmulator } from './support/emulated-org.js';
import { eventually } from './support/eventually.js';
import { logCapture } from './support/log-lines.js';
import { sfwp } from './support/demo-process.js';

const wordpress = inject('wordpress');
const AUTH = `Basic ${Buffer.from(`${wordpress.username}:${wordpress.applicationPassword}`).toString('base64')}`;
const tag = randomBytes(3).toString('hex');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-forms-sf-'));
const { stream: logStream } = logCapture();

const DEFINITION = {
  fields: [
    { name: 'first_name', label: 'First name', type: 'text' },
    { name: 'last_name', label: 'Last name', type: 'text' },
    { name: 'email', label: 'Email', type: 'email', required: true },
    { name: 'company', label: 'Company', type: 'text' },
    { name: 'phone', label: 'Phone', type: 'tel' },
    { name: 'message', label: 'Message', type: 'textarea' },
  ],
  consent: { enabled: false, required: false, label: '' },
  success: { message: `Thank you ${tag}` },
};

let emulator: RunningEmulator;
let admin: Connection;
let config: Config;
let connector: ConnectorHandle | undefined;
let formId = 0;
const hidden: Record<string, string> = {};

async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', AUTH);
  if (typeof init.body === 'string') headers.set('Content-Type', 'application/json');
  const response = await fetch(`${wordpress.url}/wp-json${path}`, { ...init, headers });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Posts the form as a visitor's browser does; answers what the visitor was told. */
async function submit(fields: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(`${wordpress.url}/wp-json/sfwp/v1/forms/${formId}/submissions`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
    body: new URLSearchParams({ ...hidden, ...fields }),
  });
  return { status: response.status, text: await response.text() };
}

async function leadsByEmail(emails: readonly string[]): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (let start = 0; start < emails.length; start += 100) {
    const list = emails
      .slice(start, start + 100)
      .map((email) => `'${email}'`)
      .join(', ');
    const result = await admin.query<Record<string, unknown>>(
      `SELECT Id, Email, FirstName, Phone, LeadSource, WP_Page_URL__c FROM Lead WHERE Email IN (${list})`,
    );
    rows.push(...result.records);
  }
  return rows;
}

async function startConnectorForTest(): Promise<void> {
  connector = await startConnector(config, {
    logger: createLogger({ level: 'info', destination: logStream }),
  });
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  await json('/sfwp-test/v1/form-limits', {
    method: 'PUT',
    body: JSON.stringify({ rate_limit: 100_000, min_fill_seconds: 0 }),
  });
  const form = await json<{ id: number }>('/sfwp-test/v1/forms', {
    method: 'POST',
    body: JSON.stringify({ title: `Contact ${tag}`, definition: DEFINITION }),
  });
  formId = form.id;
  const page = await json<{ link: string }>('/wp/v2/pages', {
    method: 'POST',
    body: JSON.stringify({
      title: `Contact ${tag}`,
      status: 'publish',
      content: `<!-- wp:sfwp/form {"formId":${formId}} /-->`,
    }),
  });
  const html = await (await fetch(`${page.link}?utm_source=news&utm_campaign=${tag}`)).text();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    hidden[match[1] ?? ''] = (match[2] ?? '').replaceAll('&amp;', '&');
  }
  emulator = await startTrustedEmulator();
  admin = await connectAs(emulator, 'admin');
  // An admin activates the shipped form mapping for this form.
  const row = [...emulator.org.store.rows('WP_Object_Mapping__mdt')].find(
    (candidate) => candidate.DeveloperName === 'Lead_Form_Submission',
  );
  if (!row) throw new Error('the package ships Lead_Form_Submission');
  emulator.org.store.put('WP_Object_Mapping__mdt', {
    ...row,
    Active__c: true,
    WordPress_Form_Id__c: String(formId),
  });
  config = loadConfig({
    cwd: stateDir,
    env: connectorEnvironment(emulator, wordpress, stateDir, 'client-credentials'),
  });
}, 180_000);

afterAll(async () => {
  await connector?.stop();
  await emulator.stop();
  await resetWordPress(wordpress);
  rmSync(stateDir, { recursive: true, force: true });
});

describe('form submissions → Salesforce', () => {
  it('accepts 200 submissions with the connector stopped; on start all 200 arrive exactly once', async () => {
    const emails = Array.from({ length: 200 }, (_, index) => `v${index}.${tag}@example.test`);
    for (const [index, email] of emails.entries()) {
      const answer = await submit({ email, first_name: `Visitor${index}`, last_name: 'Web' });
      expect([answer.status, answer.text.includes(`Thank you ${tag}`)]).toEqual([201, true]);
    }
    expect(await leadsByEmail(emails)).toEqual([]);
    await startConnectorForTest();
    const leads = await eventually(
      async () => {
        const found = await leadsByEmail(emails);
        return found.length >= 200 ? found : undefined;
      },
      '200 Leads',
      120_000,
      500,
    );
    expect(new Set(leads.map((lead) => String(lead.Email))).size).toBe(200);
    expect(leads).toHaveLength(200);
    expect(leads[0]).toMatchObject({ LeadSource: 'Web' });
    const stored = await eventually(
      async () => {
        const rows = await json<{ status: string }[]>('/sfwp-test/v1/form-submissions');
        return rows.filter((row) => row.status === 'synced').length >= 200 ? rows : undefined;
      },
      'every submission shown as synced in WordPress',
      30_000,
      500,
    );
    expect(stored.filter((row) => row.status === 'synced')).toHaveLength(200);
  }, 300_000);

  it('updates the same Lead for the same email, and the Contact of a converted Lead', async () => {
    const email = `again.${tag}@example.test`;
    await submit({ email, first_name: 'First' });
    const [lead] = await eventually(
      async () => ((await leadsByEmail([email])).length === 1 ? leadsByEmail([email]) : undefined),
      'the first Lead',
    );
    await submit({ email, first_name: 'Second', phone: '+1 555' });
    await eventually(
      async () => ((await leadsByEmail([email]))[0]?.Phone === '+1 555' ? true : undefined),
      'the phone on the same Lead',
    );
    expect(await leadsByEmail([email])).toEqual([
      expect.objectContaining({ Id: lead?.Id, FirstName: 'First', Phone: '+1 555' }),
    ]);

    const { contactId } = emulator.org.convertLead(String(lead?.Id));
    await submit({ email, message: 'Hello again after conversion', last_name: 'X' });
    await eventually(
      () =>
        Promise.resolve(
          emulator.org.get('Contact', contactId)?.Description === 'Hello again after conversion'
            ? true
            : undefined,
        ),
      "the converted Lead's Contact updated",
    );
    expect(await leadsByEmail([email])).toEqual([
      expect.objectContaining({ Id: lead?.Id, FirstName: 'First' }),
    ]);
  }, 120_000);

  it('rides out 503 bursts; a validation error is a dead letter and a Failed WP_Sync_Log__c row', async () => {
    const emails = Array.from({ length: 10 }, (_, index) => `b${index}.${tag}@example.test`);
    const badEmail = emails[4] ?? '';
    emulator.faults.failRecordWrites({
      field: 'Email',
      values: [badEmail],
      times: 100,
      statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: 'Company looks made up',
    });
    emulator.faults.failNextRequests(3, 503);
    for (const email of emails) {
      const answer = await submit({ email, last_name: 'Burst' });
      expect([answer.status, answer.text.includes(`Thank you ${tag}`)]).toEqual([201, true]);
    }
    emulator.faults.failNextRequests(3, 503);
    const rows = await json<{ id: string; fields: string }[]>('/sfwp-test/v1/form-submissions');
    const bad = rows.find((row) => row.fields.includes(badEmail));
    if (!bad) throw new Error('the submission of the bad record is not stored');
    const good = emails.filter((email) => email !== badEmail);
    const leads = await eventually(
      async () =>
        (await leadsByEmail(good)).length === good.length ? leadsByEmail(good) : undefined,
      'the valid submissions as Leads',
      60_000,
      500,
    );
    expect(leads).toHaveLength(9);
    const log = await eventually(
      async () => {
        const result = await admin.query<{ Status__c: string; Message__c: string }>(
          `SELECT Status__c, Message__c FROM WP_Sync_Log__c WHERE WP_Id__c = '${bad.id}' AND Status__c = 'Failed'`,
        );
        return result.records[0];
      },
      'the Failed WP_Sync_Log__c row',
      30_000,
      250,
    );
    expect(log.Message__c).toContain('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    expect(await leadsByEmail([badEmail])).toEqual([]);
    const store = new SqliteStateStore({ path: config.store.path });
    try {
      const letters = store.listDeadLetters();
      expect(letters.some((letter) => String(letter.wordpressId) === bad.id)).toBe(true);
    } finally {
      store.close();
    }

    // The org's rule is fixed; `sfwp dlq retry <id>` hands the letter to the running connector,
    // which applies the submission through the form pipeline again: the Lead is created.
    emulator.faults.reset();
    const letter = (() => {
      const reading = new SqliteStateStore({ path: config.store.path });
      try {
        return reading
          .listDeadLetters({ status: 'open' })
          .find((entry) => String(entry.wordpressId) === bad.id);
      } finally {
        reading.close();
      }
    })();
    if (!letter) throw new Error('no open dead letter for the bad submission');
    const retried = await sfwp(['dlq', 'retry', String(letter.id)], {
      ...process.env,
      ...connectorEnvironment(emulator, wordpress, stateDir, 'client-credentials'),
    });
    expect(retried.stdout).toContain(`Queued 1 dead letter for retry (${String(letter.id)})`);
    const [retriedLead] = await eventually(
      async () => {
        const found = await leadsByEmail([badEmail]);
        return found.length === 1 ? found : undefined;
      },
      'the retried submission as a Lead',
      30_000,
      250,
    );
    expect(retriedLead).toMatchObject({ Email: badEmail, LeadSource: 'Web' });
    const stored = await eventually(
      async () => {
        const now = await json<{ id: string; status: string }[]>('/sfwp-test/v1/form-submissions');
        const row = now.find((candidate) => candidate.id === bad.id);
        return row?.status === 'synced' ? row : undefined;
      },
      'wp-admin shows the retried submission in Salesforce',
      30_000,
      250,
    );
    expect(stored.status).toBe('synced');
  }, 240_000);
});
