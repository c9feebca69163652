/**
 * Issue 19: the adapters for Contact Form 7, WPForms and Gravity Forms. None of those plugins
 * can be installed here, so the test mu-plugin (sfwp-test-forms.php) fires each plugin's hook
 * with the arguments that plugin documents; the adapter must store the submission for the sfwp
 * form linked to that plugin's form, with its `form_submission` feed row, and nothing else.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetWordPress } from '../wordpress/reset.js';

const wordpress = inject('wordpress');
const AUTH = `Basic ${Buffer.from(`${wordpress.username}:${wordpress.applicationPassword}`).toString('base64')}`;
const tag = randomBytes(3).toString('hex');

interface Row {
  id: string;
  form_id: string;
  fields: string;
  consent: string;
  status: string;
  utm_source: string;
  utm_campaign: string;
  page_url: string;
}

async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${wordpress.url}/wp-json${path}`, {
    ...init,
    headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function linkedForm(plugin: string, formId: number, consentField = ''): Promise<number> {
  const form = await json<{ id: number }>('/sfwp-test/v1/forms', {
    method: 'POST',
    body: JSON.stringify({
      title: `${plugin} ${tag}`,
      definition: { source: { plugin, form_id: formId, consent_field: consentField } },
    }),
  });
  return form.id;
}

const fire = (plugin: string, args: unknown): Promise<unknown> =>
  json(`/sfwp-test/v1/form-hooks/${plugin}`, { method: 'POST', body: JSON.stringify(args) });

/** Rows and feed rows a hook call added. */
async function added(action: () => Promise<unknown>): Promise<{ rows: Row[]; fed: number[] }> {
  const before = (await json<Row[]>('/sfwp-test/v1/form-submissions')).length;
  await action();
  const rows = (await json<Row[]>('/sfwp-test/v1/form-submissions')).slice(before);
  const page = await json<{ changes: { type: string; id: number; origin: string }[] }>(
    '/sfwp/v1/changes?after=0&limit=1000',
  );
  const ids = new Set(rows.map((row) => Number(row.id)));
  const fed = page.changes
    .filter(
      (change) =>
        change.type === 'form_submission' && ids.has(change.id) && change.origin === 'wordpress',
    )
    .map((change) => change.id);
  return { rows, fed };
}

beforeAll(async () => {
  await resetWordPress(wordpress);
}, 120_000);

afterAll(async () => {
  await resetWordPress(wordpress);
});

describe('Contact Form 7 (wpcf7_before_send_mail)', () => {
  it('records the posted data of a linked form, with consent, page and UTM values', async () => {
    const sfwpForm = await linkedForm('contact-form-7', 101, 'acceptance_1');
    const { rows, fed } = await added(() =>
      fire('contact-form-7', {
        form_id: 101,
        posted_data: {
          'your-name': 'Ada',
          'your-email': `ada.${tag}@example.test`,
          'menu-1': ['Sales', 'Support'],
          acceptance_1: '1',
          _wpcf7_container_post: '7',
        },
        meta: { url: `${wordpress.url}/contact/?utm_source=cf7&utm_campaign=spring` },
      }),
    );
    expect(rows).toHaveLength(1);
    const row = rows[0] as Row;
    expect(row).toMatchObject({
      form_id: String(sfwpForm),
      status: 'pending',
      consent: '1',
      utm_source: 'cf7',
      utm_campaign: 'spring',
      page_url: `${wordpress.url}/contact/?utm_source=cf7&utm_campaign=spring`,
    });
    expect(JSON.parse(row.fields)).toEqual({
      your_name: 'Ada',
      your_email: `ada.${tag}@example.test`,
      menu_1: 'Sales, Support',
      acceptance_1: '1',
    });
    expect(fed).toEqual([Number(row.id)]);
  });

  it('records nothing for an unlinked form or an aborted send', async () => {
    expect(
      (await added(() => fire('contact-form-7', { form_id: 999, posted_data: { a: 'b' } }))).rows,
    ).toEqual([]);
    expect(
      (
        await added(() =>
          fire('contact-form-7', { form_id: 101, abort: true, posted_data: { a: 'b' } }),
        )
      ).rows,
    ).toEqual([]);
  });
});

describe('WPForms (wpforms_process_complete)', () => {
  it('records each field as field_<id>, for the linked form only', async () => {
    const sfwpForm = await linkedForm('wpforms', 55);
    const fields = {
      '1': { id: 1, name: 'Name', value: 'Grace Hopper', type: 'name' },
      '2': { id: 2, name: 'Email', value: `grace.${tag}@example.test`, type: 'email' },
      '3': { id: 3, name: 'Comment', value: '<b>bold</b> & more', type: 'textarea' },
    };
    const { rows, fed } = await added(() =>
      fire('wpforms', {
        fields,
        entry: { page_url: `${wordpress.url}/wpf/` },
        form_data: { id: 55 },
        entry_id: 9,
      }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      form_id: String(sfwpForm),
      consent: '0',
      page_url: `${wordpress.url}/wpf/`,
    });
    expect(JSON.parse(rows[0]?.fields ?? '{}')).toEqual({
      field_1: 'Grace Hopper',
      field_2: `grace.${tag}@example.test`,
      field_3: 'bold & more',
    });
    expect(fed).toHaveLength(1);
    expect((await added(() => fire('wpforms', { fields, form_data: { id: 56 } }))).rows).toEqual(
      [],
    );
  });
});

describe('Gravity Forms (gform_after_submission)', () => {
  const entry = (status: string): Record<string, unknown> => ({
    id: '12',
    form_id: '8',
    status,
    source_url: `${wordpress.url}/gf/?utm_source=gf`,
    '1.3': 'Edsger',
    '1.6': 'Dijkstra',
    '2': `edsger.${tag}@example.test`,
  });

  it('records the inputs as field_<id> and skips entries marked as spam', async () => {
    const sfwpForm = await linkedForm('gravityforms', 8);
    const form = {
      id: 8,
      title: 'Contact',
      fields: [
        { id: 1, type: 'name' },
        { id: 2, type: 'email' },
      ],
    };
    const active = await added(() => fire('gravityforms', { entry: entry('active'), form }));
    expect(active.rows).toHaveLength(1);
    expect(active.rows[0]).toMatchObject({ form_id: String(sfwpForm), utm_source: 'gf' });
    expect(JSON.parse(active.rows[0]?.fields ?? '{}')).toEqual({
      field_1_3: 'Edsger',
      field_1_6: 'Dijkstra',
      field_2: `edsger.${tag}@example.test`,
    });
    expect(active.fed).toHaveLength(1);
    const spam = await added(() => fire('gravityforms', { entry: entry('spam'), form }));
    expect(spam).toEqual({ rows: [], fed: [] });
  });
});
