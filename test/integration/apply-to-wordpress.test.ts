import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  applyToWordPress,
  type ApplyDependencies,
} from '../../connector/src/salesforce-to-wordpress/apply.js';
import { KeyedScheduler } from '../../connector/src/engine/keyed-scheduler.js';
import type { SyncEvent } from '../../connector/src/salesforce-to-wordpress/event.js';
import {
  WordPressNotFoundError,
  WpapiWordPressClient,
  type RequestRecord,
  type WordPressPost,
} from '../../connector/src/wordpress/index.js';
import { resetWordPress } from '../wordpress/reset.js';
import { shippedApplyDependencies } from './support/shipped-mappings.js';

const wordpress = inject('wordpress');

let counter = 0;
function recordId(prefix: '003' | '001'): string {
  counter++;
  return `${prefix}${String(counter).padStart(12, '0')}AAA`;
}

function syncEvent(
  mapping: 'Contact_User' | 'Account_Organization',
  id: string,
  operation: SyncEvent['operation'],
  payload: Record<string, unknown>,
): SyncEvent {
  return {
    mapping,
    object: mapping === 'Contact_User' ? 'Contact' : 'Account',
    recordId: id,
    operation,
    changedFields: Object.keys(payload),
    payload,
    wordpressId: undefined,
    modstamp: undefined,
  };
}

const contactEvent = (
  id: string,
  operation: SyncEvent['operation'],
  payload: Record<string, unknown>,
): SyncEvent => syncEvent('Contact_User', id, operation, payload);
const accountEvent = (
  id: string,
  operation: SyncEvent['operation'],
  payload: Record<string, unknown>,
): SyncEvent => syncEvent('Account_Organization', id, operation, payload);

let requests: RequestRecord[];
let client: WpapiWordPressClient;
let deps: ApplyDependencies;

beforeAll(async () => {
  await resetWordPress(wordpress);
});

beforeEach(() => {
  requests = [];
  client = new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
    onRequest: (record) => requests.push(record),
  });
  deps = shippedApplyDependencies(client);
});

describe('applyToWordPress with the shipped mappings, against a real WordPress', () => {
  it('creates a user for a new Contact, then skips an update that changes nothing', async () => {
    const id = recordId('003');
    const email = `grace.${counter}@Example.TEST`;
    const payload = {
      Email: email,
      FirstName: ' Grace ',
      LastName: 'Hopper',
      Description: 'Rear admiral',
      WP_Website__c: 'https://grace.example.test',
    };
    const created = await applyToWordPress(contactEvent(id, 'CREATE', payload), deps);
    expect(created).toMatchObject({ status: 'Success', created: true });
    if (created.status !== 'Success') return;
    const user = await client.get('user', created.wordpressId);
    expect(user).toMatchObject({
      email: email.toLowerCase(),
      first_name: 'Grace',
      last_name: 'Hopper',
      description: 'Rear admiral',
      url: 'https://grace.example.test',
    });
    expect(deps.store.findBySalesforceId('Contact_User', id)?.wordpressId).toBe(
      created.wordpressId,
    );

    const writesBefore = requests.filter(
      (request) => request.purpose !== 'discovery' && request.method !== 'GET',
    ).length;
    const again = await applyToWordPress(contactEvent(id, 'UPDATE', payload), deps);
    expect(again).toMatchObject({
      status: 'Skipped',
      message: 'WordPress already has these values',
    });
    expect(
      requests.filter((request) => request.purpose !== 'discovery' && request.method !== 'GET')
        .length,
    ).toBe(writesBefore);

    const renamed = await applyToWordPress(
      contactEvent(id, 'UPDATE', { ...payload, LastName: 'Murray Hopper' }),
      deps,
    );
    expect(renamed).toMatchObject({
      status: 'Success',
      created: false,
      wordpressId: created.wordpressId,
    });
    expect((await client.get('user', created.wordpressId)).last_name).toBe('Murray Hopper');
  });

  it('links an existing WordPress user by email instead of creating a duplicate', async () => {
    const email = `existing.${counter}@example.test`;
    const existing = await client.create('user', {
      username: `existing${counter}`,
      email,
      password: 'x'.repeat(20),
    });
    const outcome = await applyToWordPress(
      contactEvent(recordId('003'), 'CREATE', { Email: email.toUpperCase(), LastName: 'Linked' }),
      deps,
    );
    expect(outcome).toMatchObject({ status: 'Success', created: false, wordpressId: existing.id });
    const matches = await client.list('user', { search: email });
    expect(matches.items.map((user) => user.id)).toEqual([existing.id]);
    expect(matches.items[0]?.last_name).toBe('Linked');
  });

  it('fails an invalid email permanently with WordPress’s reason, creating nothing', async () => {
    const outcome = await applyToWordPress(
      contactEvent(recordId('003'), 'CREATE', { Email: 'not-an-email', LastName: 'Broken' }),
      deps,
    );
    expect(outcome).toMatchObject({
      status: 'Failed',
      kind: 'permanent',
      code: 'rest_invalid_param',
    });
    if (outcome.status === 'Failed') expect(outcome.message).toMatch(/email/i);
    expect((await client.list('user', { search: 'not-an-email' })).total).toBe(0);
  });

  it('reports a blank required field without calling WordPress', async () => {
    const before = requests.length;
    const outcome = await applyToWordPress(
      contactEvent(recordId('003'), 'CREATE', { Email: 'x@example.test', LastName: ' ' }),
      deps,
    );
    expect(outcome).toMatchObject({
      status: 'Failed',
      kind: 'permanent',
      code: 'REQUIRED_FIELD_MISSING',
    });
    expect(requests.length).toBe(before);
  });

  it('writes an Account as an organization post with meta, and trashes it on delete', async () => {
    const id = recordId('001');
    const outcome = await applyToWordPress(
      accountEvent(id, 'CREATE', {
        Name: ' Acme ',
        Description: 'Widgets',
        Website: 'https://acme.example',
        BillingCity: 'Lyon',
        BillingCountry: 'France',
      }),
      deps,
    );
    expect(outcome).toMatchObject({ status: 'Success', created: true });
    if (outcome.status !== 'Success') return;
    const post = (await client.get('organization', outcome.wordpressId)) as WordPressPost;
    expect(post.title.raw).toBe('Acme');
    expect(post.meta).toMatchObject({
      website: 'https://acme.example',
      billing_city: 'Lyon',
      billing_country: 'France',
    });

    const deleted = await applyToWordPress(accountEvent(id, 'DELETE', {}), deps);
    expect(deleted).toMatchObject({
      status: 'Success',
      deleted: true,
      message: expect.stringContaining('trash') as unknown,
    });
    expect(((await client.get('organization', outcome.wordpressId)) as WordPressPost).status).toBe(
      'trash',
    );
    expect(deps.store.findBySalesforceId('Account_Organization', id)).toBeUndefined();
  });

  it('keeps the WordPress user when a Contact is deleted under the Ignore policy', async () => {
    const id = recordId('003');
    const created = await applyToWordPress(
      contactEvent(id, 'CREATE', { Email: `keep.${counter}@example.test`, LastName: 'Kept' }),
      deps,
    );
    const deleted = await applyToWordPress(contactEvent(id, 'DELETE', {}), deps);
    expect(deleted).toMatchObject({ status: 'Skipped' });
    if (created.status === 'Success')
      expect((await client.get('user', created.wordpressId)).last_name).toBe('Kept');
  });

  it('recreates an object deleted in WordPress behind the sync’s back', async () => {
    const id = recordId('001');
    const first = await applyToWordPress(accountEvent(id, 'CREATE', { Name: 'Phoenix' }), deps);
    if (first.status !== 'Success') throw new Error('create failed');
    await client.delete('organization', first.wordpressId, { force: true });
    await expect(client.get('organization', first.wordpressId)).rejects.toBeInstanceOf(
      WordPressNotFoundError,
    );
    const second = await applyToWordPress(
      accountEvent(id, 'UPDATE', { Name: 'Phoenix reborn' }),
      deps,
    );
    expect(second).toMatchObject({ status: 'Success', created: true });
    if (second.status === 'Success') {
      expect(second.wordpressId).not.toBe(first.wordpressId);
      expect(deps.store.findBySalesforceId('Account_Organization', id)?.wordpressId).toBe(
        second.wordpressId,
      );
    }
  });

  it('shares /batch/v1 requests between records processed in parallel', async () => {
    const scheduler = new KeyedScheduler(50);
    const ids = Array.from({ length: 30 }, () => recordId('001'));
    const outcomes = await Promise.all(
      ids.map((id, index) =>
        scheduler.run(id, () =>
          applyToWordPress(accountEvent(id, 'CREATE', { Name: `Parallel ${index}` }), deps),
        ),
      ),
    );
    expect(outcomes.every((outcome) => outcome.status === 'Success')).toBe(true);
    const batches = requests.filter((request) => request.purpose === 'batch');
    console.log(
      `[sync] 30 Account creates → ${batches.length} /batch/v1 requests (${batches.map((batch) => batch.batchSize).join('+')})`,
    );
    expect(batches.reduce((sum, batch) => sum + (batch.batchSize ?? 0), 0)).toBe(30);
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(requests.filter((request) => request.purpose === 'write')).toHaveLength(0);
  });
});
