/**
 * The demo's sample lead form (issue 19): an sfwp form "Contact us" (first_name, last_name,
 * email (required), company, phone, message, consent) and a published page "Contact us" with the
 * "Salesforce form" block. Both are made once; a kept site keeps them.
 */
import type { RunningEmulator } from '../../test/emulator/index.js';
import type { WordPressTarget } from '../../test/wordpress/target.js';

export const SAMPLE_FORM_TITLE = 'Contact us';

export const SAMPLE_FORM_DEFINITION = {
  fields: [
    { name: 'first_name', label: 'First name', type: 'text' },
    { name: 'last_name', label: 'Last name', type: 'text' },
    { name: 'email', label: 'Email', type: 'email', required: true },
    { name: 'company', label: 'Company', type: 'text' },
    { name: 'phone', label: 'Phone', type: 'tel' },
    { name: 'message', label: 'Message', type: 'textarea' },
  ],
  consent: { enabled: true, required: true, label: 'I agree to be contacted about my enquiry.' },
  success: { message: 'Thank you! We will be in touch.' },
};

interface Created {
  id: number;
  link: string;
  title: { rendered: string };
}

async function call<T>(target: WordPressTarget, path: string, body?: unknown): Promise<T> {
  const auth = Buffer.from(`${target.username}:${target.applicationPassword}`).toString('base64');
  const response = await fetch(`${target.url}/wp-json/wp/v2/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${String(response.status)}`);
  return (await response.json()) as T;
}

/** The sample form and its page, made if missing; answers the page's URL and the form id. */
export async function ensureSampleForm(
  target: WordPressTarget,
): Promise<{ formId: number; pageUrl: string }> {
  const search = `search=${encodeURIComponent(SAMPLE_FORM_TITLE)}&status=publish`;
  const forms = await call<Created[]>(target, `sfwp-forms?${search}`);
  const form =
    forms.find((candidate) => candidate.title.rendered === SAMPLE_FORM_TITLE) ??
    (await call<Created>(target, 'sfwp-forms', {
      title: SAMPLE_FORM_TITLE,
      status: 'publish',
      meta: { _sfwp_form_definition: JSON.stringify(SAMPLE_FORM_DEFINITION) },
    }));
  const block = `<!-- wp:sfwp/form {"formId":${String(form.id)}} /-->`;
  const pages = await call<(Created & { content: { raw?: string } })[]>(
    target,
    `pages?${search}&context=edit`,
  );
  const page =
    pages.find((candidate) => candidate.content.raw?.includes(block)) ??
    (await call<Created>(target, 'pages', {
      title: SAMPLE_FORM_TITLE,
      status: 'publish',
      content: block,
    }));
  return { formId: form.id, pageUrl: page.link };
}

/**
 * Activates the package's shipped `Lead_Form_Submission` mapping for the sample form, as an admin
 * does in the admin app (the mapping ships inactive because it needs a form id), so the demo's
 * submissions become Leads in the emulator.
 */
export function activateSampleFormMapping(emulator: RunningEmulator, formId: number): void {
  const row = [...emulator.org.store.rows('WP_Object_Mapping__mdt')].find(
    (candidate) => candidate.DeveloperName === 'Lead_Form_Submission',
  );
  if (!row) throw new Error('the package ships no Lead_Form_Submission mapping');
  emulator.org.store.put('WP_Object_Mapping__mdt', {
    ...row,
    Active__c: true,
    WordPress_Form_Id__c: String(formId),
  });
}
