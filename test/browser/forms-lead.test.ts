/**
 * Issue 19 end to end in Chromium: an anonymous visitor fills the "Salesforce form" block on a
 * published page reached with UTM parameters, and a Lead with the mapped fields, LeadSource, the
 * UTM values and the page URL appears in the org emulator — through the real connector, started
 * as `sfwp start` starts it (status server with the WordPress webhook configured). The
 * submit → Lead time is printed, not asserted: speed goals belong to `npm run bench` (part
 * `forms`, which measures the same path over ~20 visits). And, on the same site, the companion
 * plugin's list of published forms that answers the connector's heartbeat (the admin app's form
 * picker reads it from Salesforce).
 *
 *   npx tsx --test test/browser/forms-lead.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  startFormsLeadStack,
  VISIT_FORM,
  visitAndSubmit,
  type FormsLeadStack,
} from '../../bench/forms-visits.js';
import { phpString, runInSite } from '../wordpress/site-php.js';

let stack: FormsLeadStack;

before(async () => {
  stack = await startFormsLeadStack('forms-lead-browser');
});

after(async () => {
  await stack.stop();
});

void test('a visitor’s block form submission becomes a Lead with its fields, LeadSource, UTM values and page URL', async () => {
  {
    const email = `ada.${String(Date.now())}@example.test`;
    const query = '?utm_source=newsletter&utm_medium=email&utm_campaign=spring&utm_term=crm';
    const visit = await visitAndSubmit(stack, {
      query,
      values: {
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: email.toUpperCase(),
        company: 'Analytical Engines',
        message: 'Please call me.',
      },
      screenshot: 'forms-lead-01-thanks.png',
    });
    console.log(`[forms] visitor submit → Lead in Salesforce: ${String(visit.milliseconds)} ms`);

    const lead = visit.lead;
    assert.equal(lead.FirstName, 'Ada');
    assert.equal(lead.LastName, 'Lovelace');
    assert.equal(lead.Email, email, 'the mapping lower-cases the email');
    assert.equal(lead.Company, 'Analytical Engines');
    assert.equal(lead.Description, 'Please call me.');
    assert.equal(lead.LeadSource, 'Web');
    assert.equal(lead.WP_UTM_Source__c, 'newsletter');
    assert.equal(lead.WP_UTM_Medium__c, 'email');
    assert.equal(lead.WP_UTM_Campaign__c, 'spring');
    assert.equal(lead.WP_UTM_Term__c, 'crm');
    assert.equal(lead.WP_UTM_Content__c ?? null, null, 'no utm_content on the page URL');
    assert.equal(lead.WP_Page_URL__c, `${stack.pageUrl}${query}`);
    assert.equal(lead.IsConverted, false);
    assert.equal(
      stack.emulator.org.query(`SELECT Id FROM Lead WHERE Email = '${email}'`).records.length,
      1,
      'exactly one Lead',
    );
  }
});

void test('the plugin lists its published forms for the connector’s heartbeat: drafts and bad field names left out', async () => {
  const php = <T>(code: string): Promise<T> => runInSite<T>(stack.wordpress, code);
  const definition = JSON.stringify({
    fields: [
      { name: 'email', label: 'Email', type: 'email' },
      { name: 'Bad Name', label: 'Bad', type: 'text' },
      { name: 'topic', type: 'select', options: ['A'] },
    ],
  });
  const create = (title: string, status: string): Promise<number> =>
    php<number>(
      `$id = wp_insert_post( array( 'post_type' => 'sfwp_form', 'post_status' => ${phpString(status)}, 'post_title' => ${phpString(title)} ) );
       SFWP_Form_Post_Type::store_definition( $id, json_decode( ${phpString(definition)}, true ) );
       $result = $id;`,
    );
  const published = await create('Newsletter', 'publish');
  await create('Draft form', 'draft');
  const listed = await php<{ id: number; title: string; fields: unknown[] }[]>(
    '$result = SFWP_Form_Catalog::published();',
  );
  assert.deepEqual(
    listed.map((form) => [form.id, form.title]),
    [
      [published, 'Newsletter'],
      [stack.formId, 'Contact us'],
    ],
    'published forms only, newest first',
  );
  assert.deepEqual(listed[0]?.fields, [
    { name: 'email', label: 'Email', type: 'email' },
    { name: 'topic', label: 'topic', type: 'select' },
  ]);
  assert.deepEqual(
    listed[1]?.fields,
    VISIT_FORM.fields.map(({ name, label, type }) => ({ name, label, type })),
  );
});
