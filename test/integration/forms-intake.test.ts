/**
 * Issue 19, WordPress half: the public intake route `sfwp/v1/forms/{id}/submissions` in the
 * run's real WordPress, fed the hidden values a rendered page carries (nonce, render time,
 * honeypot), and the connector's `form-submissions` routes. Each bad input gets its per-field
 * error or refusal and leaves nothing pending; a good one is stored with one `form_submission`
 * change row; a plain HTML post is answered with a redirect back to the page.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { resetWordPress } from '../wordpress/reset.js';

const wordpress = inject('wordpress');
const AUTH = `Basic ${Buffer.from(`${wordpress.username}:${wordpress.applicationPassword}`).toString('base64')}`;
const tag = randomBytes(3).toString('hex');

const DEFINITION = {
  fields: [
    { name: 'first_name', label: 'First name', type: 'text', maxLength: 40 },
    { name: 'email', label: 'Email', type: 'email', required: true },
    { name: 'topic', label: 'Topic', type: 'select', options: ['Sales', 'Support'] },
    { name: 'message', label: 'Message', type: 'textarea' },
    { name: 'newsletter', label: 'Newsletter', type: 'checkbox' },
    { name: 'source_form', label: 'Source', type: 'hidden', default: 'website' },
  ],
  consent: { enabled: true, required: true, label: 'I agree to be contacted' },
  success: { message: `Thanks ${tag}!` },
};

interface Row {
  id: string;
  form_id: string;
  fields: string;
  status: string;
  consent: string;
  utm_source: string;
  utm_campaign: string;
  page_url: string;
  ip_hash: string;
}

interface Hidden {
  _sfwp_nonce: string;
  _sfwp_started: string;
  _sfwp_page: string;
  [name: string]: string;
}

async function api(path: string, init: RequestInit = {}, auth = true): Promise<Response> {
  const headers = new Headers(init.headers);
  if (auth) headers.set('Authorization', AUTH);
  if (typeof init.body === 'string') headers.set('Content-Type', 'application/json');
  return fetch(`${wordpress.url}/wp-json${path}`, { ...init, headers, redirect: 'manual' });
}

async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await api(path, init);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const limits = (values: Record<string, number>): Promise<unknown> =>
  json('/sfwp-test/v1/form-limits', { method: 'PUT', body: JSON.stringify(values) });
const rows = (): Promise<Row[]> => json<Row[]>('/sfwp-test/v1/form-submissions');

async function formChanges(): Promise<{ id: number; origin: string; operation: string }[]> {
  const page = await json<{
    changes: { type: string; id: number; origin: string; operation: string }[];
  }>('/sfwp/v1/changes?after=0&limit=1000');
  return page.changes.filter((change) => change.type === 'form_submission');
}

let formId = 0;
let pageUrl = '';

/** The hidden values of the form as the published page renders it. */
async function hiddenValues(url = pageUrl): Promise<Hidden> {
  const html = await (await fetch(url)).text();
  const values: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    values[match[1] ?? ''] = (match[2] ?? '').replaceAll('&amp;', '&');
  }
  return values as Hidden;
}

async function submit(
  fields: Record<string, string>,
  options: { hidden?: Partial<Hidden>; accept?: string; id?: number } = {},
): Promise<Response> {
  const hidden = { ...(await hiddenValues()), ...options.hidden };
  return fetch(`${wordpress.url}/wp-json/sfwp/v1/forms/${options.id ?? formId}/submissions`, {
    method: 'POST',
    headers: { Accept: options.accept ?? 'application/json' },
    body: new URLSearchParams({ ...hidden, ...fields } as Record<string, string>),
    redirect: 'manual',
  });
}

const GOOD = { email: `ada.${tag}@example.test`, first_name: 'Ada', sfwp_consent: '1' };

beforeAll(async () => {
  await resetWordPress(wordpress);
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
  pageUrl = page.link;
}, 120_000);

beforeEach(async () => {
  await limits({ rate_limit: 1000, min_fill_seconds: 0 });
});

afterAll(async () => {
  await resetWordPress(wordpress);
});

describe('the rendered form', () => {
  it('labels every field, marks required ones and carries nonce, render time, page and UTM values', async () => {
    const html = await (await fetch(`${pageUrl}?utm_source=news&utm_campaign=spring`)).text();
    for (const [id, label] of [
      ['first-name', 'First name'],
      ['email', 'Email'],
      ['topic', 'Topic'],
      ['message', 'Message'],
    ]) {
      expect(html).toContain(`<label for="sfwp-${formId}-${id}">${label}`);
      expect(html).toContain(`id="sfwp-${formId}-${id}"`);
    }
    expect(html).toMatch(/id="sfwp-\d+-email" name="email" required aria-required="true"/);
    expect(html).toContain(`action="${wordpress.url}/wp-json/sfwp/v1/forms/${formId}/submissions"`);
    const hidden = await hiddenValues(`${pageUrl}?utm_source=news&utm_campaign=spring`);
    expect(hidden).toMatchObject({
      utm_source: 'news',
      utm_campaign: 'spring',
      source_form: 'website',
    });
    expect(hidden._sfwp_nonce).toMatch(/^[a-f0-9]{10}$/);
    expect(hidden._sfwp_started).toMatch(/^\d+\.[a-f0-9]{64}$/);
  });

  it('renders through the shortcode too, and renders nothing for a draft form', async () => {
    const draft = await json<{ id: number }>('/sfwp-test/v1/forms', {
      method: 'POST',
      body: JSON.stringify({ title: 'Draft', status: 'draft', definition: DEFINITION }),
    });
    const page = await json<{ link: string; content: { rendered: string } }>('/wp/v2/pages', {
      method: 'POST',
      body: JSON.stringify({
        title: `Shortcode ${tag}`,
        status: 'publish',
        content: `[sfwp_form id="${formId}"]<p>between</p>[sfwp_form id="${draft.id}"]`,
      }),
    });
    const anonymous = await (await fetch(page.link)).text();
    expect(anonymous).toContain(`data-sfwp-form="${formId}"`);
    expect(anonymous).not.toContain(`data-sfwp-form="${draft.id}"`);
    expect(anonymous).not.toContain('sfwp-form__missing');
    // An administrator is told why the second one is missing.
    expect(page.content.rendered).toContain('sfwp-form__missing');
  });
});

describe('forms in REST', () => {
  it('lists forms with their definitions to administrators only', async () => {
    const forms = await json<{ id: number; meta: { _sfwp_form_definition: string } }[]>(
      '/wp/v2/sfwp-forms?context=edit&_fields=id,meta',
    );
    const form = forms.find((candidate) => candidate.id === formId);
    expect(JSON.parse(form?.meta._sfwp_form_definition ?? '{}')).toEqual(DEFINITION);
    expect((await api('/wp/v2/sfwp-forms', {}, false)).status).toBe(401);
    expect((await api(`/wp/v2/sfwp-forms/${String(formId)}`, {}, false)).status).toBe(401);
  });
});

describe('a valid submission', () => {
  it('is stored with one form_submission change row before the visitor is thanked', async () => {
    const before = (await rows()).length;
    const response = await submit(
      { ...GOOD, topic: 'Sales', message: 'Line one\nline two', newsletter: '1' },
      { hidden: { utm_source: 'news', _sfwp_page: `${pageUrl}?utm_source=news` } },
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      status: 'received',
      message: `Thanks ${tag}!`,
      redirect: '',
    });
    const stored = (await rows()).slice(before);
    expect(stored).toHaveLength(1);
    const row = stored[0] as Row;
    expect(row).toMatchObject({
      form_id: String(formId),
      status: 'pending',
      consent: '1',
      utm_source: 'news',
    });
    expect(row.page_url).toBe(`${pageUrl}?utm_source=news`);
    expect(row.ip_hash).toMatch(/^[a-f0-9]{64}$/);
    expect(row.ip_hash).not.toContain('127.0.0.1');
    expect(JSON.parse(row.fields)).toEqual({
      first_name: 'Ada',
      email: GOOD.email,
      topic: 'Sales',
      message: 'Line one\nline two',
      newsletter: true,
      source_form: 'website',
    });
    const changes = (await formChanges()).filter((change) => change.id === Number(row.id));
    expect(changes).toEqual([
      expect.objectContaining({ operation: 'create', origin: 'wordpress' }),
    ]);
  });

  it('is read by the connector with ?include= and takes its outcome', async () => {
    await submit(GOOD, { hidden: { utm_campaign: 'launch' } });
    const id = Number((await rows()).at(-1)?.id);
    const [item] = await json<Record<string, unknown>[]>(
      `/sfwp/v1/form-submissions?include=${id},999999`,
    );
    expect(item).toMatchObject({
      id,
      form_id: formId,
      form_name: `Contact ${tag}`,
      fields: { email: GOOD.email, first_name: 'Ada', newsletter: false },
      consent: true,
      utm: { source: '', medium: '', campaign: 'launch', term: '', content: '' },
      status: 'pending',
      salesforce_id: null,
    });
    expect(String(item?.submitted_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const result = await json<Record<string, unknown>>(`/sfwp/v1/form-submissions/${id}/result`, {
      method: 'POST',
      body: JSON.stringify({
        status: 'synced',
        salesforce_id: '00Q000000000001AAA',
        message: 'Lead created',
      }),
    });
    expect(result).toMatchObject({
      id,
      status: 'synced',
      salesforce_id: '00Q000000000001AAA',
      message: 'Lead created',
    });
    const bad = await api(`/sfwp/v1/form-submissions/${id}/result`, {
      method: 'POST',
      body: JSON.stringify({ status: 'spam' }),
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await api('/sfwp/v1/form-submissions/999999/result', {
          method: 'POST',
          body: '{"status":"failed"}',
        })
      ).status,
    ).toBe(404);
  });

  it('keeps the connector routes to sfwp_sync', async () => {
    expect((await api('/sfwp/v1/form-submissions?include=1', {}, false)).status).toBe(401);
    const subscriber = wordpress.people?.subscriber;
    if (subscriber) {
      const response = await fetch(`${wordpress.url}/wp-json/sfwp/v1/form-submissions?include=1`, {
        headers: {
          Authorization: `Basic ${Buffer.from(`${subscriber.username}:${subscriber.applicationPassword}`).toString('base64')}`,
        },
      });
      expect(response.status).toBe(403);
    }
  });
});

describe('bad input', () => {
  async function refused(
    fields: Record<string, string>,
    options: Parameters<typeof submit>[1] = {},
  ): Promise<{
    status: number;
    body: { code: string; message: string; data: { errors: Record<string, string> } };
  }> {
    const before = (await rows()).length;
    const changes = (await formChanges()).length;
    const response = await submit(fields, options);
    const body = (await response.json()) as {
      code: string;
      message: string;
      data: { errors: Record<string, string> };
    };
    expect((await rows()).length, 'nothing stored').toBe(before);
    expect((await formChanges()).length, 'nothing in the feed').toBe(changes);
    return { status: response.status, body };
  }

  it('names each invalid field: required, email format, length, offered values, markup, consent', async () => {
    const missing = await refused({ first_name: 'Ada' });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('sfwp_form_invalid');
    expect(missing.body.data.errors).toEqual({
      email: 'Email is required.',
      sfwp_consent: 'Please give your consent to send this form.',
    });
    const wrong = await refused({
      ...GOOD,
      email: 'not-an-email',
      first_name: 'x'.repeat(41),
      topic: 'Free stuff',
      message: '<script>alert(1)</script>',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.data.errors).toEqual({
      email: 'Email must be an email address, like name@example.com.',
      first_name: 'First name is too long: at most 40 characters.',
      topic: 'Please choose one of the offered values for Topic.',
      message: 'Message must be plain text, without HTML tags.',
    });
  });

  it('refuses unknown field names, a 1 MB field (413), a wrong or missing nonce and a forged render time', async () => {
    const unknown = await refused({ ...GOOD, is_admin: '1' });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'sfwp_form_unknown_fields']);
    const huge = await refused({ ...GOOD, message: 'x'.repeat(1024 * 1024) });
    expect([huge.status, huge.body.code]).toEqual([413, 'sfwp_form_too_large']);
    const wrongNonce = await refused(GOOD, { hidden: { _sfwp_nonce: 'abcdef0123' } });
    expect([wrongNonce.status, wrongNonce.body.code]).toEqual([403, 'sfwp_form_expired']);
    const noNonce = await refused(GOOD, { hidden: { _sfwp_nonce: '' } });
    expect(noNonce.status).toBe(403);
    const forged = await refused(GOOD, { hidden: { _sfwp_started: `1.${'0'.repeat(64)}` } });
    expect([forged.status, forged.body.code]).toEqual([403, 'sfwp_form_expired']);
    const otherForm = await refused(GOOD, { id: formId + 1000 });
    expect(otherForm.status).toBe(404);
  });

  it('refuses a form sent back faster than the minimum fill time', async () => {
    await limits({ rate_limit: 1000, min_fill_seconds: 30 });
    const fast = await refused(GOOD);
    expect([fast.status, fast.body.code]).toEqual([400, 'sfwp_form_too_fast']);
  });

  it('stores a filled honeypot as spam, answers it like any other, and never feeds it to the connector', async () => {
    const before = (await rows()).length;
    const changes = (await formChanges()).length;
    const response = await submit({ ...GOOD, sfwp_website: 'https://spam.example' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      status: 'received',
      message: `Thanks ${tag}!`,
      redirect: '',
    });
    const stored = (await rows()).slice(before);
    expect(stored.map((row) => row.status)).toEqual(['spam']);
    expect((await formChanges()).length).toBe(changes);
    const id = Number(stored[0]?.id);
    const result = await api(`/sfwp/v1/form-submissions/${id}/result`, {
      method: 'POST',
      body: '{"status":"synced"}',
    });
    expect(result.status).toBe(409);
  });

  it('limits submissions per IP with 429 and Retry-After', async () => {
    await limits({ rate_limit: 3, rate_window: 120, min_fill_seconds: 0 });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await submit(GOOD)).status);
    expect(statuses).toEqual([201, 201, 201]);
    const limited = await refused(GOOD);
    expect([limited.status, limited.body.code]).toEqual([429, 'sfwp_form_rate_limited']);
    const again = await submit(GOOD);
    const retryAfter = Number(again.headers.get('retry-after'));
    expect(again.status).toBe(429);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);
  });
});

describe('without JavaScript', () => {
  const html = 'text/html,application/xhtml+xml';

  it('redirects an invalid post back to the page, which shows each error tied to its field and the values escaped', async () => {
    const response = await submit(
      { email: 'nope', first_name: 'Ada "O\'Brien" & co' },
      { accept: html, hidden: { _sfwp_page: pageUrl } },
    );
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(location.startsWith(`${pageUrl}?sfwp_result=`)).toBe(true);
    expect(location.endsWith(`#sfwp-form-${formId}`)).toBe(true);
    const page = await (await fetch(location)).text();
    expect(page).toContain('Please correct the highlighted fields.');
    expect(page).toMatch(
      new RegExp(
        `id="sfwp-${formId}-email" name="email" required aria-required="true" aria-invalid="true" aria-describedby="sfwp-${formId}-email-error"`,
      ),
    );
    expect(page).toContain(
      `<span class="sfwp-form__error" id="sfwp-${formId}-email-error">Email must be an email address, like name@example.com.</span>`,
    );
    expect(page).toContain('value="Ada &quot;O&#039;Brien&quot; &amp; co"');
    // The outcome is shown once.
    expect(await (await fetch(location)).text()).not.toContain(
      'Please correct the highlighted fields.',
    );
  });

  it('redirects a valid post back to the success message, and a foreign page address to the home page', async () => {
    const before = (await rows()).length;
    const response = await submit(GOOD, { accept: html, hidden: { _sfwp_page: pageUrl } });
    expect(response.status).toBe(303);
    const page = await (await fetch(response.headers.get('location') ?? '')).text();
    expect(page).toContain(
      `<p class="sfwp-form__status sfwp-form__status--ok" role="status">Thanks ${tag}!</p>`,
    );
    expect((await rows()).length).toBe(before + 1);
    const foreign = await submit(GOOD, {
      accept: html,
      hidden: { _sfwp_page: 'https://elsewhere.example/x' },
    });
    expect(foreign.headers.get('location')).toMatch(
      new RegExp(`^${wordpress.url}/\\?sfwp_result=`),
    );
  });

  it("sends a valid post to the form's success redirect when it has one", async () => {
    const target = `${wordpress.url}/thanks-${tag}/`;
    const form = await json<{ id: number }>('/sfwp-test/v1/forms', {
      method: 'POST',
      body: JSON.stringify({
        title: 'Redirecting',
        definition: { ...DEFINITION, success: { redirect: target } },
      }),
    });
    const page = await json<{ link: string }>('/wp/v2/pages', {
      method: 'POST',
      body: JSON.stringify({
        title: 'Redirecting',
        status: 'publish',
        content: `[sfwp_form id="${form.id}"]`,
      }),
    });
    const hidden = await hiddenValues(page.link);
    const response = await fetch(`${wordpress.url}/wp-json/sfwp/v1/forms/${form.id}/submissions`, {
      method: 'POST',
      headers: { Accept: html },
      body: new URLSearchParams({ ...hidden, ...GOOD }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(target);
  });
});
