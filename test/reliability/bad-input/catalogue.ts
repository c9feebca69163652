import { unescapeHtmlText } from '../../../connector/src/mapping/html-text.js';
import { webhookSignature } from '../../../connector/src/wordpress/index.js';
import type { DeadLetter } from '../../../connector/src/store/state-store.js';
import { eventually } from '../../integration/support/eventually.js';
import type { Probes, Row } from './harness.js';

/**
 * The bad input catalogue of issue #8: one entry per kind of bad (or merely odd) input, what
 * the sync must do with it, and the check. Every check looks at three things: the outcome (a
 * clear error — dead letter with a meaningful code, Failed sync log row, log line — or an exact
 * round trip for valid-but-odd input), that nothing is lost (the bad record is kept where an
 * admin can see and retry it, and fixable inputs go through once fixed), and that nothing else
 * is affected (a canary record changed alongside syncs correctly).
 */
export type Direction = 'SF→WP' | 'WP→SF' | 'both';

export interface CatalogueEntry {
  id: string;
  kind: string;
  direction: Direction;
  /** The input, in words. */
  input: string;
  /** The expected outcome, in words. */
  expected: string;
  /** `serial` rows pause intake, skew the org's clock or load both sides: they run alone. */
  phase: 'concurrent' | 'serial';
  /** Does the input and the checks; throws when one fails; returns what happened, briefly. */
  run(probes: Probes): Promise<string>;
}

export class CheckFailed extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

function text(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value).slice(0, 200);
}

function same(actual: unknown, expected: unknown, what: string): void {
  check(
    JSON.stringify(actual) === JSON.stringify(expected),
    `${what}: expected ${text(expected)}, got ${text(actual)}`,
  );
}

/** An event's fields as a publisher sends them (the bus sets CreatedDate and CreatedById). */
function publishable(payload: Row): Row {
  return Object.fromEntries(
    Object.entries(payload).filter(([key]) => key !== 'CreatedDate' && key !== 'CreatedById'),
  );
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function letterSummary(letter: DeadLetter): string {
  return `dead letter ${letter.errorCode}: ${letter.errorMessage.slice(0, 110)}`;
}

/** A sync event as the package's trigger would publish it, with `overrides`. */
function eventFields(recordId: string, payload: Row, overrides: Row = {}): Row {
  return {
    Mapping__c: 'Contact_User',
    Object__c: 'Contact',
    Record_Id__c: recordId,
    Operation__c: 'CREATE',
    Changed_Fields__c: Object.keys(payload).sort().join(','),
    Payload__c: JSON.stringify(payload),
    Modstamp__c: new Date().toISOString(),
    ...overrides,
  };
}

/**
 * A malformed or unusable event published straight to the bus: dead-lettered with `code` and a
 * message matching `message`, a Failed log row for the record, the raw event kept, the canary fine.
 */
async function deadLetteredEvent(
  p: Probes,
  fields: Row,
  code: string,
  message: RegExp,
): Promise<string> {
  const recordId = String(fields.Record_Id__c);
  const canary = await p.salesforceCanary();
  await p.publishSyncEvent(fields);
  const letter = await p.deadLetter(
    (candidate) => candidate.salesforceId === recordId,
    `event ${recordId}`,
  );
  same(letter.errorCode, code, 'dead letter code');
  check(message.test(letter.errorMessage), `dead letter message: ${letter.errorMessage}`);
  same(letter.direction, 'salesforce-to-wordpress', 'dead letter direction');
  // Nothing lost: the entry holds what arrived (the raw event, or the parsed one and its payload).
  const kept = JSON.stringify(letter.payload);
  check(
    typeof fields.Payload__c !== 'string' ||
      kept.includes(JSON.stringify(fields.Payload__c).slice(1, -1)) ||
      kept.includes(JSON.stringify(JSON.parse(fields.Payload__c) as unknown).slice(1, -1)),
    'the dead letter keeps the event payload',
  );
  const log = await p.logRow({ recordId }, 'Failed', `event ${recordId}`);
  check(String(log.Message__c).startsWith(`${code}:`), `log message: ${String(log.Message__c)}`);
  await canary.verify();
  return `${letterSummary(letter)}; Failed log row; canary synced`;
}

export const CATALOGUE: CatalogueEntry[] = [
  {
    id: 'B01',
    kind: 'Malformed event payload',
    direction: 'SF→WP',
    input: 'WP_Sync_Event__e whose Payload__c is truncated JSON (`{"LastName": "Broken",`)',
    expected:
      'Dead letter MALFORMED_EVENT ("Payload__c is not valid JSON"), raw event kept, Failed log row',
    phase: 'concurrent',
    run: (p) =>
      deadLetteredEvent(
        p,
        { ...eventFields(p.fakeContactId(), {}), Payload__c: '{"LastName": "Broken",' },
        'MALFORMED_EVENT',
        /Payload__c is not valid JSON/,
      ),
  },
  {
    id: 'B02',
    kind: 'Unknown mapping',
    direction: 'SF→WP',
    input: 'Event with Mapping__c `No_Such_Mapping`',
    expected: 'Dead letter UNKNOWN_MAPPING naming the mapping, Failed log row',
    phase: 'concurrent',
    run: (p) =>
      deadLetteredEvent(
        p,
        eventFields(
          p.fakeContactId(),
          { LastName: 'Nobody', Email: `${p.token('um')}@example.test` },
          { Mapping__c: 'No_Such_Mapping' },
        ),
        'UNKNOWN_MAPPING',
        /No active mapping named No_Such_Mapping/,
      ),
  },
  {
    id: 'B03',
    kind: 'Unknown Operation__c',
    direction: 'SF→WP',
    input: 'Event with Operation__c `UPSERT`',
    expected: 'Dead letter MALFORMED_EVENT listing the known operations, Failed log row',
    phase: 'concurrent',
    run: (p) =>
      deadLetteredEvent(
        p,
        eventFields(
          p.fakeContactId(),
          { LastName: 'Op', Email: `${p.token('op')}@example.test` },
          { Operation__c: 'UPSERT' },
        ),
        'MALFORMED_EVENT',
        /Operation__c 'UPSERT' is not one of CREATE, UPDATE, DELETE, UNDELETE/,
      ),
  },
  {
    id: 'B04',
    kind: 'Malformed Record_Id__c',
    direction: 'SF→WP',
    input: 'Event with Record_Id__c `not-an-id-…`',
    expected: 'Dead letter MALFORMED_EVENT ("is not a Salesforce id"), Failed log row',
    phase: 'concurrent',
    run: (p) =>
      deadLetteredEvent(
        p,
        eventFields(`not-an-id-${p.token('')}`.slice(0, 18), {
          LastName: 'Id',
          Email: `${p.token('id')}@example.test`,
        }),
        'MALFORMED_EVENT',
        /is not a Salesforce id/,
      ),
  },
  {
    id: 'B05',
    kind: 'Record_Id__c of the wrong object',
    direction: 'SF→WP',
    input: 'Contact_User event whose Record_Id__c is an Account id (001…)',
    expected: 'Dead letter RECORD_ID_WRONG_OBJECT; no WordPress user created',
    phase: 'concurrent',
    run: async (p) => {
      const account = await p.h.integration.sobject('Account').create({ Name: p.token('acct') });
      if (!account.success) throw new Error('Account create failed');
      const email = `${p.token('wrongobj')}@example.test`;
      const outcome = await deadLetteredEvent(
        p,
        eventFields(account.id, { LastName: 'WrongObject', Email: email }),
        'RECORD_ID_WRONG_OBJECT',
        /is not a Contact id/,
      );
      const users = await p.h.wp.list('user', { search: email });
      same(users.total, 0, 'WordPress users created for the Account id');
      return outcome;
    },
  },
  {
    id: 'B06',
    kind: 'Object__c disagrees with the mapping',
    direction: 'SF→WP',
    input: 'Contact_User event with Object__c `Account`',
    expected: 'Dead letter MAPPING_OBJECT_MISMATCH, Failed log row',
    phase: 'concurrent',
    run: (p) =>
      deadLetteredEvent(
        p,
        eventFields(
          p.fakeContactId(),
          { LastName: 'Mismatch', Email: `${p.token('mm')}@example.test` },
          { Object__c: 'Account' },
        ),
        'MAPPING_OBJECT_MISMATCH',
        /Mapping Contact_User is for Contact, the event is for Account/,
      ),
  },
  {
    id: 'B07',
    kind: 'Field missing from the event payload',
    direction: 'SF→WP',
    input: 'CREATE event whose payload has only FirstName (no LastName, no Email)',
    expected: 'Dead letter REQUIRED_FIELD_MISSING naming Contact.LastName and Contact.Email',
    phase: 'concurrent',
    run: (p) =>
      deadLetteredEvent(
        p,
        eventFields(p.fakeContactId(), { FirstName: 'Only' }),
        'REQUIRED_FIELD_MISSING',
        /Contact\.Email is required.*Contact\.LastName is required|Contact\.LastName is required.*Contact\.Email is required/,
      ),
  },
  {
    id: 'B08',
    kind: 'Wrong value types',
    direction: 'SF→WP',
    input: 'Event payload `{"LastName": 42, "FirstName": ["a"], "Email": …}`',
    expected: 'Dead letter INVALID_VALUE ("Trim needs text, got number"); nothing coerced',
    phase: 'concurrent',
    run: (p) =>
      deadLetteredEvent(
        p,
        eventFields(p.fakeContactId(), {
          LastName: 42,
          FirstName: ['a'],
          Email: `${p.token('types')}@example.test`,
        }),
        'INVALID_VALUE',
        /LastName → last_name: Trim needs text, got number/,
      ),
  },
  {
    id: 'B09',
    kind: 'Invalid email',
    direction: 'SF→WP',
    input: 'Contact Email `…@exa_mple.test` (Salesforce accepts it, WordPress does not)',
    expected:
      'Dead letter rest_invalid_param naming email, Failed log row; fixing the Email in Salesforce syncs it',
    phase: 'concurrent',
    run: async (p) => {
      const token = p.token('bademail');
      const canary = await p.salesforceCanary();
      const id = await p.createContact({ LastName: 'BadEmail', Email: `${token}@exa_mple.test` });
      const letter = await p.deadLetter((l) => l.salesforceId === id, 'the invalid email');
      same(letter.errorCode, 'rest_invalid_param', 'code');
      check(/email/i.test(letter.errorMessage), `message names email: ${letter.errorMessage}`);
      await p.logRow({ recordId: id }, 'Failed', 'the invalid email');
      await canary.verify();
      await p.h.admin.sobject('Contact').update({ Id: id, Email: `${token}@example.test` });
      const user = await p.user(await p.linkedUserOf(id));
      same(user.email, `${token}@example.test`, 'fixed email in WordPress');
      return `${letterSummary(letter)}; fixed in Salesforce → synced; canary synced`;
    },
  },
  {
    id: 'B10',
    kind: 'javascript: URL in website',
    direction: 'SF→WP',
    input: 'Contact WP_Website__c `javascript:alert(1)`',
    expected:
      'WordPress never stores the unsafe URL (it keeps ""); a Skipped sync log row says WordPress sanitised url, with both values; Salesforce keeps its value, no loop',
    phase: 'concurrent',
    run: async (p) => {
      const canary = await p.salesforceCanary();
      const pair = await p.linkedPairFromSalesforce({ WP_Website__c: 'javascript:alert(1)' });
      const user = await p.user(pair.userId);
      check(!user.url.includes('javascript'), `WordPress stored ${user.url}`);
      // Written, but not as sent: reported Skipped with both values, not Success.
      const log = await p.logRow({ recordId: pair.contactId }, 'Skipped', 'the javascript: URL');
      check(
        /WordPress sanitised url .*sent "javascript:alert\(1\)", stored ""/.test(
          String(log.Message__c),
        ),
        `the log says so: ${String(log.Message__c)}`,
      );
      await settle(1500);
      same(
        (await p.contact(pair.contactId)).WP_Website__c,
        'javascript:alert(1)',
        'Salesforce keeps its value',
      );
      await canary.verify();
      return `WordPress stored url ${JSON.stringify(user.url)}; log: "${String(log.Message__c)}"; canary synced`;
    },
  },
  {
    id: 'B11',
    kind: 'WordPress username collision (existing_user_login)',
    direction: 'SF→WP',
    input: "Contact whose Email is already another WordPress user's login name",
    expected:
      'Dead letter existing_user_login, Failed log row; RetryFailed after the blocker is gone creates the user',
    phase: 'concurrent',
    run: async (p) => {
      const email = `${p.token('login')}@example.test`;
      const blocker = await p.h.wp.create('user', {
        username: email,
        email: `${p.token('other')}@example.test`,
        password: 'x'.repeat(20),
      });
      const canary = await p.salesforceCanary();
      const id = await p.createContact({ LastName: 'Collides', Email: email });
      const letter = await p.deadLetter((l) => l.salesforceId === id, 'the login collision');
      same(letter.errorCode, 'existing_user_login', 'code');
      await p.logRow({ recordId: id }, 'Failed', 'the login collision');
      await canary.verify();
      same((await p.user(blocker.id)).email, blocker.email, 'the blocking user is untouched');
      await p.h.wp.delete('user', blocker.id);
      await p.retryFailed([id]);
      const user = await p.user(await p.linkedUserOf(id));
      same(user.last_name, 'Collides', 'retried user');
      await p.retried(letter.id);
      return `${letterSummary(letter)}; RetryFailed → synced, entry retried; canary synced`;
    },
  },
  {
    id: 'B12',
    kind: 'Two Contacts with the same email',
    direction: 'SF→WP',
    input: 'Two Contacts created in one call with the same Email',
    expected:
      "One gets the WordPress user; the other is dead-lettered (existing_user_login/email), never linked to the first one's user",
    phase: 'concurrent',
    run: async (p) => {
      const email = `${p.token('twin')}@example.test`;
      const canary = await p.salesforceCanary();
      const created = await p.h.admin.sobject('Contact').create([
        { LastName: 'TwinA', Email: email },
        { LastName: 'TwinB', Email: email },
      ]);
      const ids = created.map((result) => (result.success ? result.id : ''));
      const letter = await p.deadLetter(
        (l) => l.salesforceId !== undefined && ids.includes(l.salesforceId),
        'the second twin',
      );
      check(
        ['existing_user_login', 'existing_user_email'].includes(letter.errorCode),
        `code ${letter.errorCode}`,
      );
      const winner = ids.find((id) => id !== letter.salesforceId) ?? '';
      const userId = await p.linkedUserOf(winner);
      const user = await p.user(userId);
      same(
        user.last_name,
        winner === ids[0] ? 'TwinA' : 'TwinB',
        'the user belongs to its Contact',
      );
      same((await p.contact(letter.salesforceId ?? '')).WP_Id__c, null, 'the loser is not linked');
      same(p.h.store.findByWordPressId('Contact_User', userId)?.salesforceId, winner, 'link');
      await canary.verify();
      return `${letterSummary(letter)}; the other twin synced; canary synced`;
    },
  },
  {
    id: 'B13',
    kind: 'Duplicate external id',
    direction: 'SF→WP',
    input: "UPDATE event for Contact B whose WP_Id__c is Contact A's WordPress user",
    expected: "Dead letter DUPLICATE_EXTERNAL_ID naming both records; A's user is not overwritten",
    phase: 'concurrent',
    run: async (p) => {
      const a = await p.linkedPairFromSalesforce({ FirstName: 'Owner', LastName: 'A' });
      const b = await p.createContact(
        { LastName: 'B', Email: `${p.token('dupb')}@example.test` },
        'integration',
      );
      const canary = await p.salesforceCanary();
      await p.publishSyncEvent(
        eventFields(
          b,
          { FirstName: 'Intruder', LastName: 'B', Email: `${p.token('dupb')}@example.test` },
          { Operation__c: 'UPDATE', WP_Id__c: String(a.userId) },
        ),
      );
      const letter = await p.deadLetter((l) => l.salesforceId === b, 'Contact B');
      same(letter.errorCode, 'DUPLICATE_EXTERNAL_ID', 'code');
      check(letter.errorMessage.includes(a.contactId), `message names A: ${letter.errorMessage}`);
      await p.logRow({ recordId: b }, 'Failed', 'Contact B');
      const userA = await p.user(a.userId);
      same([userA.first_name, userA.last_name], ['Owner', 'A'], "A's user");
      await canary.verify();
      return `${letterSummary(letter)}; A's user untouched; canary synced`;
    },
  },
  {
    id: 'B14',
    kind: 'HTML with script tags',
    direction: 'SF→WP',
    input: 'Contact Description `<script>alert(1)</script><p onclick="x()">Hi <b>there</b></p>`',
    expected:
      "WordPress holds exactly what its own sanitising keeps for the same write by the connector's user; Salesforce unchanged, no loop",
    phase: 'concurrent',
    run: async (p) => {
      const html = `<script>alert(1)</script><p onclick="x()">Hi <b>there</b></p>`;
      const canary = await p.salesforceCanary();
      const pair = await p.linkedPairFromSalesforce({ Description: html });
      const stored = (await p.user(pair.userId)).description;
      // The same value written directly by the connector's WordPress user (signed: not synced).
      const control = await p.h.wp.create('user', {
        username: p.token('ctl'),
        email: `${p.token('ctl')}@example.test`,
        password: 'x'.repeat(20),
        description: html,
      });
      same(stored, control.description, 'stored as WordPress stores it for the same write');
      await p.h.wp.delete('user', control.id);
      await settle(1500);
      same((await p.contact(pair.contactId)).Description, html, 'Salesforce keeps its value');
      await canary.verify();
      return `WordPress kept ${JSON.stringify(stored).slice(0, 70)}… (as for a direct write); Salesforce unchanged; canary synced`;
    },
  },
  {
    id: 'B15',
    kind: 'HTML with script tags',
    direction: 'WP→SF',
    input:
      'A subscriber (no unfiltered_html) sets their description to `<script>…</script><b>bold</b>`',
    expected:
      'WordPress strips the script (kses); Salesforce gets exactly what WordPress stored, never the script',
    phase: 'concurrent',
    run: async (p) => {
      const canary = await p.wordpressCanary();
      const html = `<script>alert('x')</script><b>bold</b> ${p.token('sub')}`;
      await p.h.subscriber.update('user', p.h.subscriberId, { description: html });
      const stored = (await p.user(p.h.subscriberId)).description;
      check(!stored.includes('<script'), `WordPress stored a script: ${stored}`);
      const record = await eventually(async () => {
        const found = await p.contactsWhere(`WP_Id__c = '${p.h.subscriberId}'`);
        return found[0]?.Description === stored ? found[0] : undefined;
      }, "the subscriber's description in Salesforce");
      same(record.Description, stored, 'Salesforce Description');
      await canary.verify();
      return `WordPress stored ${JSON.stringify(stored)}; Salesforce got the same; canary synced`;
    },
  },
  {
    id: 'B16',
    kind: 'SOQL metacharacters and quotes',
    direction: 'SF→WP',
    input: "Names `O'Brien'); DELETE--`, `%_\\' OR ''='`, email with `'`",
    expected: 'Exact round trip to WordPress',
    phase: 'concurrent',
    run: async (p) => {
      const token = p.token('quote');
      const fields = {
        FirstName: "%_' OR ''='",
        LastName: "O'Brien'); DELETE--",
        Email: `o'brien.${token}@example.test`,
      };
      const canary = await p.salesforceCanary();
      const pair = await p.linkedPairFromSalesforce(fields);
      const user = await p.user(pair.userId);
      same(
        [user.first_name, user.last_name, user.email],
        [fields.FirstName, fields.LastName, fields.Email],
        'WordPress values',
      );
      await canary.verify();
      return 'exact round trip; canary synced';
    },
  },
  {
    id: 'B17',
    kind: 'SOQL metacharacters and quotes (match query)',
    direction: 'WP→SF',
    input:
      "New WordPress user with email `q'uote_1+…@example.test` and last name `Robert'); DROP--`; an unlinked Contact has that email, another a LIKE-lookalike",
    expected:
      'The quoted email is matched exactly (escaped, never interpolated): that Contact is linked and updated, the lookalike untouched, no duplicate',
    phase: 'concurrent',
    run: async (p) => {
      const token = p.token('soql');
      const email = `q'uote_1+${token}@example.test`;
      const lookalike = `q'uoteX1+${token}@example.test`;
      const existing = await p.createContact({ LastName: 'Existing', Email: email }, 'integration');
      const other = await p.createContact(
        { LastName: 'Lookalike', Email: lookalike },
        'integration',
      );
      const canary = await p.wordpressCanary();
      const user = await p.createUser({
        email: email.toUpperCase(),
        last_name: "Robert'); DROP--",
      });
      const linked = await p.contactOfUser(user.id);
      same(linked.Id, existing, 'the Contact with that email is linked');
      same(linked.LastName, "Robert'); DROP--", 'LastName');
      same((await p.contact(other)).WP_Id__c, null, 'the lookalike is untouched');
      same((await p.contact(other)).LastName, 'Lookalike', 'the lookalike is untouched');
      const escapedEmail = email.replace(/'/g, "\\'");
      same(
        (await p.contactsWhere(`Email = '${escapedEmail}'`)).length,
        1,
        'Contacts with that email',
      );
      await canary.verify();
      return 'matched the existing Contact exactly; lookalike untouched; no duplicate; canary synced';
    },
  },
  {
    id: 'B18',
    kind: 'Unicode and emoji',
    direction: 'SF→WP',
    input:
      'Names `Zoë 😀 ß`, `李小龍 Ñandú 🚀`, Description with Arabic, combining marks, ZWJ emoji',
    expected: 'Exact round trip to WordPress',
    phase: 'concurrent',
    run: async (p) => {
      const fields = {
        FirstName: 'Zoë 😀 ß',
        LastName: '李小龍 Ñandú 🚀',
        Description: 'مرحبا — e\u0301 👩‍👩‍👧‍👦 \u{1F3F3}\u{FE0F}\u{200D}\u{1F308}',
      };
      const canary = await p.salesforceCanary();
      const pair = await p.linkedPairFromSalesforce(fields);
      const user = await p.user(pair.userId);
      same(
        [user.first_name, user.last_name, user.description],
        [fields.FirstName, fields.LastName, fields.Description],
        'WordPress values',
      );
      await canary.verify();
      return 'exact round trip; canary synced';
    },
  },
  {
    id: 'B19',
    kind: 'Unicode and emoji',
    direction: 'WP→SF',
    input: 'WordPress user `Ångström 🧪` / `Łukasz 日本 👍🏽`',
    expected: 'Exact round trip to Salesforce',
    phase: 'concurrent',
    run: async (p) => {
      const canary = await p.wordpressCanary();
      const user = await p.createUser({ first_name: 'Ångström 🧪', last_name: 'Łukasz 日本 👍🏽' });
      const record = await p.contactOfUser(user.id);
      same(
        [record.FirstName, record.LastName],
        ['Ångström 🧪', 'Łukasz 日本 👍🏽'],
        'Salesforce values',
      );
      await canary.verify();
      return 'exact round trip; canary synced';
    },
  },
  {
    id: 'B20',
    kind: '1 MB text',
    direction: 'WP→SF',
    input: 'WordPress user description of 1,048,576 characters (Contact.Description holds 32,000)',
    expected:
      'Dead letter STRING_TOO_LONG, Failed log row, no Contact; after the fix, RetryFailed brings it over',
    phase: 'concurrent',
    run: async (p) => {
      const canary = await p.wordpressCanary();
      const huge = 'x'.repeat(1024 * 1024 - 8) + ' 1MB end';
      const user = await p.createUser({ last_name: 'Huge', description: huge });
      const letter = await p.deadLetter((l) => l.wordpressId === user.id, 'the 1 MB description');
      same(letter.errorCode, 'STRING_TOO_LONG', 'code');
      check(/Description/.test(letter.errorMessage), `names the field: ${letter.errorMessage}`);
      const log = await p.logRow({ wordpressId: user.id }, 'Failed', 'the 1 MB description');
      check(String(log.Message__c).length < 1000, 'the log message does not carry the 1 MB');
      same((await p.contactsWhere(`WP_Id__c = '${user.id}'`)).length, 0, 'no Contact');
      await canary.verify();
      await p.h.editor.update('user', user.id, { description: 'Short now' });
      await p.retryFailed([String(user.id)]);
      const record = await p.contactOfUser(user.id);
      same(record.Description, 'Short now', 'fixed Description');
      await p.retried(letter.id);
      return `${letterSummary(letter)}; fixed + RetryFailed → synced; canary synced`;
    },
  },
  {
    id: 'B21',
    kind: 'Longest text Salesforce holds (32,000 characters)',
    direction: 'SF→WP',
    input: 'Contact Description of 32,000 characters with line breaks',
    expected: 'Exact round trip to WordPress',
    phase: 'concurrent',
    run: async (p) => {
      const long = Array.from({ length: 400 }, (_, i) => `${String(i).padStart(78, '.')}\n`)
        .join('')
        .slice(0, 32_000);
      const canary = await p.salesforceCanary();
      const pair = await p.linkedPairFromSalesforce({ Description: long });
      same((await p.user(pair.userId)).description, long, 'WordPress description');
      await canary.verify();
      return 'exact round trip of 32,000 characters; canary synced';
    },
  },
  {
    id: 'B22',
    kind: "Email over Salesforce's 80-character limit",
    direction: 'WP→SF',
    input: 'WordPress user with a 91-character email (WordPress allows 100)',
    expected: 'Dead letter STRING_TOO_LONG naming Email, Failed log row, no Contact',
    phase: 'concurrent',
    run: async (p) => {
      const canary = await p.wordpressCanary();
      const token = p.token('long');
      const email = `${token}${'l'.repeat(60 - token.length)}@${'d'.repeat(17)}.example.test`;
      check(email.length > 80, 'email length');
      const user = await p.createUser({ email, last_name: 'LongEmail' });
      const letter = await p.deadLetter((l) => l.wordpressId === user.id, 'the long email');
      same(letter.errorCode, 'STRING_TOO_LONG', 'code');
      check(/Email/.test(letter.errorMessage), `names Email: ${letter.errorMessage}`);
      await p.logRow({ wordpressId: user.id }, 'Failed', 'the long email');
      same((await p.contactsWhere(`WP_Id__c = '${user.id}'`)).length, 0, 'no Contact');
      await canary.verify();
      return `${letterSummary(letter)}; canary synced`;
    },
  },
  {
    id: 'B23',
    kind: 'Empty required field',
    direction: 'SF→WP',
    input: 'Contact without Email (the mapping marks Email required)',
    expected:
      'Dead letter REQUIRED_FIELD_MISSING naming Contact.Email, Failed log row; setting the Email syncs it',
    phase: 'concurrent',
    run: async (p) => {
      const canary = await p.salesforceCanary();
      const id = await p.createContact({ LastName: 'NoEmail' });
      const letter = await p.deadLetter((l) => l.salesforceId === id, 'the Contact without Email');
      same(letter.errorCode, 'REQUIRED_FIELD_MISSING', 'code');
      check(/Contact\.Email is required/.test(letter.errorMessage), letter.errorMessage);
      await p.logRow({ recordId: id }, 'Failed', 'the Contact without Email');
      await canary.verify();
      const email = `${p.token('fixed')}@example.test`;
      await p.h.admin.sobject('Contact').update({ Id: id, Email: email });
      same((await p.user(await p.linkedUserOf(id))).email, email, 'fixed');
      return `${letterSummary(letter)}; fixed in Salesforce → synced; canary synced`;
    },
  },
  {
    id: 'B24',
    kind: 'Empty required field',
    direction: 'WP→SF',
    input: 'WordPress user with an empty last name (Contact.LastName is required)',
    expected:
      'Dead letter REQUIRED_FIELD_MISSING naming last_name, Failed log row, no Contact; fixed + RetryFailed syncs it',
    phase: 'concurrent',
    run: async (p) => {
      const canary = await p.wordpressCanary();
      const user = await p.createUser({ first_name: 'NoLast', last_name: '' });
      const letter = await p.deadLetter(
        (l) => l.wordpressId === user.id,
        'the user without last name',
      );
      same(letter.errorCode, 'REQUIRED_FIELD_MISSING', 'code');
      check(/last_name/.test(letter.errorMessage), letter.errorMessage);
      await p.logRow({ wordpressId: user.id }, 'Failed', 'the user without last name');
      same((await p.contactsWhere(`WP_Id__c = '${user.id}'`)).length, 0, 'no Contact');
      await canary.verify();
      await p.h.editor.update('user', user.id, { last_name: 'Given' });
      await p.retryFailed([String(user.id)]);
      same((await p.contactOfUser(user.id)).LastName, 'Given', 'fixed');
      await p.retried(letter.id);
      return `${letterSummary(letter)}; fixed + RetryFailed → synced; canary synced`;
    },
  },
  {
    id: 'B25',
    kind: 'Null vs empty string',
    direction: 'both',
    input:
      'Salesforce clears Description (null) on a synced pair; WordPress clears first_name ("") on another',
    expected:
      'WordPress gets "" for the null; Salesforce gets null for the ""; nothing else changes',
    phase: 'concurrent',
    run: async (p) => {
      const fromSf = await p.linkedPairFromSalesforce({ FirstName: 'Keep', Description: 'Text' });
      const fromWp = await p.linkedPairFromWordPress({ first_name: 'Clear', description: 'Keep' });
      await settle(1200);
      await p.h.admin.sobject('Contact').update({ Id: fromSf.contactId, Description: null });
      await p.h.editor.update('user', fromWp.userId, { first_name: '' });
      await eventually(
        async () => ((await p.user(fromSf.userId)).description === '' ? true : undefined),
        'the cleared description in WordPress',
      );
      await eventually(
        async () => ((await p.contact(fromWp.contactId)).FirstName === null ? true : undefined),
        'the cleared FirstName in Salesforce',
      );
      same((await p.user(fromSf.userId)).first_name, 'Keep', 'untouched WordPress field');
      same((await p.contact(fromWp.contactId)).Description, 'Keep', 'untouched Salesforce field');
      return 'null → "" in WordPress, "" → null in Salesforce; other fields untouched';
    },
  },
  {
    id: 'B26',
    kind: 'Control characters and CR/LF in names',
    direction: 'SF→WP',
    input:
      'FirstName `Tab\\tBel\\u0007`, LastName `Line1\\r\\nLine2`, Description with NUL and CR/LF',
    expected:
      'WordPress holds what its own sanitising keeps for the same write (line breaks in names collapse); Salesforce keeps its values; no loop',
    phase: 'concurrent',
    run: async (p) => {
      const fields = {
        FirstName: 'Tab\tBel\u0007',
        LastName: 'Line1\r\nLine2',
        Description: 'para1\r\n\r\npara2 nul\u0000end',
      };
      const canary = await p.salesforceCanary();
      const pair = await p.linkedPairFromSalesforce(fields);
      const user = await p.user(pair.userId);
      const control = await p.h.wp.create('user', {
        username: p.token('ctl'),
        email: `${p.token('ctl')}@example.test`,
        password: 'x'.repeat(20),
        first_name: fields.FirstName,
        last_name: fields.LastName,
        description: fields.Description,
      });
      await p.h.wp.delete('user', control.id);
      same(
        [user.first_name, user.last_name, user.description],
        [control.first_name, control.last_name, control.description],
        'stored as WordPress stores a direct write',
      );
      await settle(2000);
      const record = await p.contact(pair.contactId);
      same(
        [record.FirstName, record.LastName, record.Description],
        [fields.FirstName, fields.LastName, fields.Description],
        'Salesforce keeps its values (no echo)',
      );
      const writes = p.logEntries(
        (entry) => entry.msg === 'record synced' && entry.salesforceId === pair.contactId,
      );
      same(writes.length, 1, 'sync outcomes for the record (no loop)');
      await canary.verify();
      return `WordPress stored ${JSON.stringify([user.first_name, user.last_name])} (as for a direct write); Salesforce unchanged; one write`;
    },
  },
  {
    id: 'B27',
    kind: 'Leading and trailing whitespace',
    direction: 'SF→WP',
    input: "FirstName `'  Padded  '`, LastName `'\\tTabbed '` (Trim transform)",
    expected: 'WordPress gets the trimmed values; Salesforce keeps its own; no loop',
    phase: 'concurrent',
    run: async (p) => {
      const canary = await p.salesforceCanary();
      const pair = await p.linkedPairFromSalesforce({
        FirstName: '  Padded  ',
        LastName: '\tTabbed ',
      });
      const user = await p.user(pair.userId);
      same([user.first_name, user.last_name], ['Padded', 'Tabbed'], 'trimmed in WordPress');
      await settle(2000);
      const record = await p.contact(pair.contactId);
      same([record.FirstName, record.LastName], ['  Padded  ', '\tTabbed '], 'Salesforce');
      await canary.verify();
      return 'trimmed in WordPress, Salesforce unchanged; canary synced';
    },
  },
  {
    id: 'B28',
    kind: 'Replayed (duplicate) event',
    direction: 'SF→WP',
    input: 'The latest sync event of a synced Contact published again, unchanged',
    expected: 'Skipped (logged), no WordPress write, nothing else changes',
    phase: 'concurrent',
    run: async (p) => {
      const pair = await p.linkedPairFromSalesforce({ LastName: 'Once' });
      await p.h.admin.sobject('Contact').update({ Id: pair.contactId, LastName: 'Twice' });
      await eventually(
        async () => ((await p.user(pair.userId)).last_name === 'Twice' ? true : undefined),
        'the update',
      );
      const latest = p.h.syncEvents.filter((e) => e.payload.Record_Id__c === pair.contactId).at(-1);
      if (!latest) throw new CheckFailed('no sync event captured');
      const fields = publishable(latest.payload);
      const canary = await p.salesforceCanary();
      const before = p.logEntries((e) => e.salesforceId === pair.contactId).length;
      await p.publishSyncEvent(fields);
      const skipped = await p.logEntry(
        (e) =>
          e.msg === 'record synced' && e.salesforceId === pair.contactId && e.outcome === 'Skipped',
        'the replayed event skipped',
      );
      await canary.verify();
      same((await p.user(pair.userId)).last_name, 'Twice', 'WordPress');
      check(p.logEntries((e) => e.salesforceId === pair.contactId).length > before, 'logged');
      return `Skipped: ${String(skipped.detail)}; canary synced`;
    },
  },
  {
    id: 'B29',
    kind: 'Out-of-order event',
    direction: 'SF→WP',
    input: 'After updates v1 then v2 synced, the older v1 event arrives again',
    expected: 'Skipped as older than what both sides hold; WordPress keeps v2',
    phase: 'concurrent',
    run: async (p) => {
      const pair = await p.linkedPairFromSalesforce({ LastName: 'v0' });
      for (const version of ['v1', 'v2']) {
        await p.h.admin.sobject('Contact').update({ Id: pair.contactId, LastName: version });
        await eventually(
          async () => ((await p.user(pair.userId)).last_name === version ? true : undefined),
          `the update to ${version}`,
        );
      }
      const older = p.h.syncEvents.find(
        (e) =>
          e.payload.Record_Id__c === pair.contactId &&
          String(e.payload.Payload__c).includes('"v1"'),
      );
      if (!older) throw new CheckFailed('no v1 event captured');
      const fields = publishable(older.payload);
      const canary = await p.salesforceCanary();
      await p.publishSyncEvent(fields);
      const skipped = await p.logEntry(
        (e) =>
          e.msg === 'record synced' &&
          e.salesforceId === pair.contactId &&
          e.outcome === 'Skipped' &&
          /not newer/.test(String(e.detail)),
        'the stale event skipped',
      );
      await canary.verify();
      same((await p.user(pair.userId)).last_name, 'v2', 'WordPress keeps the newer value');
      same((await p.contact(pair.contactId)).LastName, 'v2', 'Salesforce');
      return `Skipped: ${String(skipped.detail).slice(0, 90)}…; WordPress keeps v2`;
    },
  },
  {
    id: 'B30',
    kind: 'Deleted in WordPress while edited in Salesforce',
    direction: 'both',
    input: 'A person deletes the WordPress user; right after, the Contact is edited',
    expected:
      'The edit recreates the user (nothing lost), Salesforce gets the new WordPress id; the Contact is kept (delete policy Ignore)',
    phase: 'concurrent',
    run: async (p) => {
      const pair = await p.linkedPairFromSalesforce({ LastName: 'BeforeDelete' });
      await settle(1200);
      await p.h.editor.delete('user', pair.userId, { reassignTo: 1 });
      await p.h.admin.sobject('Contact').update({ Id: pair.contactId, LastName: 'AfterDelete' });
      const newId = await eventually(async () => {
        const record = await p.contact(pair.contactId);
        const id = Number(record.WP_Id__c);
        return id && id !== pair.userId ? id : undefined;
      }, 'the recreated user');
      same((await p.user(newId)).last_name, 'AfterDelete', 'recreated user');
      return `user ${pair.userId} deleted → recreated as ${newId} with the edit; Contact kept`;
    },
  },
  {
    id: 'B31',
    kind: 'Deleted in Salesforce while edited in WordPress',
    direction: 'both',
    input: 'The Contact is deleted; right after, a person edits the WordPress user',
    expected:
      'The WordPress edit creates a new Contact with every mapped value and the WordPress id (nothing lost)',
    phase: 'concurrent',
    run: async (p) => {
      const pair = await p.linkedPairFromWordPress({ first_name: 'Still', last_name: 'Here' });
      await settle(1200);
      await p.h.admin.sobject('Contact').destroy(pair.contactId);
      await p.h.editor.update('user', pair.userId, { last_name: 'Survivor' });
      const record = await eventually(async () => {
        const found = await p.contactsWhere(`WP_Id__c = '${pair.userId}'`);
        return found[0]?.LastName === 'Survivor' ? found[0] : undefined;
      }, 'the new Contact');
      check(record.Id !== pair.contactId, 'a new Contact');
      same(record.FirstName, 'Still', 'every mapped value');
      return `new Contact ${String(record.Id)} with the edit and WP_Id__c`;
    },
  },
  {
    id: 'B32',
    kind: 'Two Contacts with the same email (ambiguous match)',
    direction: 'WP→SF',
    input: 'New WordPress user whose email two unlinked Contacts share',
    expected:
      'Dead letter DUPLICATE_MATCH naming both Contacts; neither linked, no third Contact; after merging the duplicates RetryFailed links it',
    phase: 'concurrent',
    run: async (p) => {
      const email = `${p.token('ambiguous')}@example.test`;
      const first = await p.createContact({ LastName: 'Dup1', Email: email }, 'integration');
      const second = await p.createContact({ LastName: 'Dup2', Email: email }, 'integration');
      const canary = await p.wordpressCanary();
      const user = await p.createUser({ email, last_name: 'Person' });
      const letter = await p.deadLetter((l) => l.wordpressId === user.id, 'the ambiguous user');
      same(letter.errorCode, 'DUPLICATE_MATCH', 'code');
      check(
        letter.errorMessage.includes(first) && letter.errorMessage.includes(second),
        `names both: ${letter.errorMessage}`,
      );
      await p.logRow({ wordpressId: user.id }, 'Failed', 'the ambiguous user');
      same((await p.contactsWhere(`Email = '${email}'`)).length, 2, 'no third Contact');
      same((await p.contact(first)).WP_Id__c, null, 'first not linked');
      same((await p.contact(second)).WP_Id__c, null, 'second not linked');
      await canary.verify();
      await p.h.integration.sobject('Contact').destroy(second);
      await p.retryFailed([String(user.id)]);
      same((await p.contactOfUser(user.id)).Id, first, 'linked to the remaining Contact');
      return `${letterSummary(letter)}; after merge, RetryFailed linked it; canary synced`;
    },
  },
  {
    id: 'B33',
    kind: 'Webhook with a skewed timestamp',
    direction: 'WP→SF',
    input: 'Correctly signed webhook ping stamped one hour ago, then a WordPress edit',
    expected: 'Ping refused with 401; the change still arrives through the poll',
    phase: 'concurrent',
    run: async (p) => {
      const body = JSON.stringify({ latest_cursor: 1, count: 1 });
      const stale = String(Math.floor(Date.now() / 1000) - 3600);
      const response = await fetch(p.h.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sfwp-timestamp': stale,
          'x-sfwp-signature': webhookSignature(p.h.sharedSecret, stale, body),
        },
        body,
      });
      same(response.status, 401, 'skewed ping status');
      const canary = await p.wordpressCanary();
      await canary.verify();
      return 'ping 401; the change arrived by polling';
    },
  },
  {
    id: 'B34',
    kind: 'WordPress feed row for an object deleted before it was read',
    direction: 'WP→SF',
    input:
      'A user created, then removed from the database without hooks before the connector reads the feed',
    expected: 'Skipped with "no longer exists" logged; nothing created in Salesforce',
    phase: 'concurrent',
    run: async (p) => {
      const canary = await p.wordpressCanary();
      const email = `${p.token('ghost')}@example.test`;
      const id = await p.h.php<number>(
        [
          `$id = wp_insert_user( array( 'user_login' => '${email}', 'user_email' => '${email}', 'user_pass' => 'x', 'last_name' => 'Ghost' ) );`,
          '$wpdb->delete( $wpdb->users, array( "ID" => $id ) );',
          '$wpdb->delete( $wpdb->usermeta, array( "user_id" => $id ) );',
          '$result = $id;',
        ].join('\n'),
      );
      const skipped = await p.logEntry(
        (e) => e.wordpressId === id && /no longer exists/.test(String(e.detail)),
        'the skipped ghost',
      );
      same(skipped.outcome, 'Skipped', 'outcome');
      same((await p.contactsWhere(`Email = '${email}'`)).length, 0, 'no Contact');
      await canary.verify();
      return `Skipped: ${String(skipped.detail)}; canary synced`;
    },
  },
  {
    id: 'B35',
    kind: 'JSON/XML-looking text and backslashes',
    direction: 'both',
    input:
      'Values `{"a":1}`, `]]></x><![CDATA[`, `C:\\path\\n\\\\`, `\\u0041` from Salesforce; `[1,2]`, `x]]>y`, backslashes and quotes from WordPress',
    expected:
      'Exact round trip both ways: tag-like text in names is sent HTML-escaped, so WordPress keeps it as text (Salesforce keeps its value, no loop); what a person types reaches Salesforce as WordPress shows it',
    phase: 'concurrent',
    run: async (p) => {
      const tricky = {
        FirstName: '{"a":1}',
        LastName: ']]></x><![CDATA[',
        Description: 'C:\\path\\n\\\\ and \\u0041 "quoted"',
      };
      const canary = await p.salesforceCanary();
      const pair = await p.linkedPairFromSalesforce(tricky);
      const user = await p.user(pair.userId);
      same(user.first_name, tricky.FirstName, 'WordPress first name');
      same(user.description, tricky.Description, 'WordPress description (backslashes kept)');
      // WordPress keeps names HTML-escaped; the connector sends them so, and tag-like text
      // stays text instead of being stripped by sanitize_text_field.
      same(unescapeHtmlText(user.last_name ?? ''), tricky.LastName, 'WordPress last name, as text');
      await settle(1500);
      same((await p.contact(pair.contactId)).LastName, tricky.LastName, 'Salesforce unchanged');
      const back = await p.createUser({
        first_name: '[1,2]',
        last_name: 'x]]>y',
        description: '\\\\server\\share "x" \\\'',
      });
      const record = await p.contactOfUser(back.id);
      const stored = await p.user(back.id);
      same(
        [record.FirstName, record.LastName, record.Description],
        [
          unescapeHtmlText(stored.first_name ?? ''),
          unescapeHtmlText(stored.last_name ?? ''),
          stored.description,
        ],
        'Salesforce holds what WordPress holds (names as the text WordPress shows)',
      );
      same(stored.description, '\\\\server\\share "x" \\\'', 'WordPress kept the backslashes');
      await canary.verify();
      return `exact round trip both ways (WordPress last name ${JSON.stringify(stored.last_name)})`;
    },
  },
  {
    id: 'B36',
    kind: 'Mapping names a field missing in Salesforce',
    direction: 'SF→WP',
    input: 'A new mapping (Lead → page) naming `Lead.No_Such_Field__c`, then ReloadMappings',
    expected:
      'That mapping is skipped with the missing field named (status, log); the other mappings keep syncing',
    phase: 'concurrent',
    run: async (p) => {
      const store = p.h.emulator.org.store;
      const objectRow = [...store.rows('WP_Object_Mapping__mdt')].find(
        (row) => row.DeveloperName === 'Account_Organization',
      );
      const fieldRow = [...store.rows('WP_Field_Mapping__mdt')].find(
        (row) => row.DeveloperName === 'Account_Organization_Name',
      );
      if (!objectRow || !fieldRow) throw new CheckFailed('the package ships Account_Organization');
      const mappingId = `${String(objectRow.Id).slice(0, 3)}0000000BAD1AAA`;
      store.put('WP_Object_Mapping__mdt', {
        ...objectRow,
        Id: mappingId,
        DeveloperName: 'BI_Broken_Lead',
        QualifiedApiName: 'BI_Broken_Lead',
        Salesforce_Object__c: 'Lead',
        WordPress_Type__c: 'page',
        External_Id_Field__c: 'No_Such_Field__c',
      });
      store.put('WP_Field_Mapping__mdt', {
        ...fieldRow,
        Id: `${String(fieldRow.Id).slice(0, 3)}0000000BAD2AAA`,
        DeveloperName: 'BI_Broken_Lead_Name',
        QualifiedApiName: 'BI_Broken_Lead_Name',
        Object_Mapping__c: mappingId,
        Salesforce_Field__c: 'LastName',
      });
      const canary = await p.salesforceCanary();
      await p.command({ Command__c: 'ReloadMappings' });
      const skipped = await eventually(
        () =>
          Promise.resolve(
            p.h.connector.status().mappings.skipped.find((m) => m.mapping === 'BI_Broken_Lead'),
          ),
        'the broken mapping reported',
      );
      check(/No_Such_Field__c/.test(skipped.message), `names the field: ${skipped.message}`);
      await p.logEntry(
        (e) => e.msg === 'mapping skipped' && e.mapping === 'BI_Broken_Lead',
        'the mapping skipped log line',
      );
      check(p.h.connector.status().mappings.loaded.includes('Contact_User'), 'Contact_User loaded');
      await canary.verify();
      return `skipped: "${skipped.message}"; Contact_User still loaded; canary synced`;
    },
  },
  {
    id: 'B37',
    kind: 'Mapping edited while events are in flight',
    direction: 'SF→WP',
    input:
      'Intake paused, an Account change received, then Account_Organization renamed and reloaded before the event is applied',
    expected:
      'The held event is dead-lettered UNKNOWN_MAPPING with a Failed log row; once the mapping is back, RetryFailed applies it; Contacts sync on',
    phase: 'serial',
    run: async (p) => {
      const store = p.h.emulator.org.store;
      const row = [...store.rows('WP_Object_Mapping__mdt')].find(
        (candidate) => candidate.DeveloperName === 'Account_Organization',
      );
      if (!row) throw new CheckFailed('the package ships Account_Organization');
      await pause(p);
      const name = p.token('InFlight');
      const account = await p.h.admin.sobject('Account').create({ Name: name });
      if (!account.success) throw new CheckFailed('Account create failed');
      const canary = await p.salesforceCanary();
      await eventually(
        () => Promise.resolve(p.h.connector.status().intake.inFlight >= 2 ? true : undefined),
        'the events received and held',
      );
      store.put('WP_Object_Mapping__mdt', { ...row, DeveloperName: 'Account_Organization_v2' });
      await p.h.connector.reloadMappings();
      await resume(p);
      const letter = await p.deadLetter((l) => l.salesforceId === account.id, 'the held event');
      same(letter.errorCode, 'UNKNOWN_MAPPING', 'code');
      await p.logRow({ recordId: account.id }, 'Failed', 'the held event');
      await canary.verify();
      store.put('WP_Object_Mapping__mdt', row);
      await p.h.connector.reloadMappings();
      await p.retryFailed([account.id]);
      const postId = await eventually(async () => {
        const record = (await p.h.admin.sobject('Account').retrieve(account.id)) as Row;
        return record.WP_Id__c ? Number(record.WP_Id__c) : undefined;
      }, 'the retried Account');
      const post = await p.h.wp.get('organization', postId);
      same((post as { title: { raw?: string } }).title.raw, name, 'organization title');
      return `${letterSummary(letter)}; mapping restored + RetryFailed → post ${postId}; canary synced`;
    },
  },
  {
    id: 'B38',
    kind: 'Clock skew (NewestWins, Salesforce stamp in the future)',
    direction: 'both',
    input:
      'Org clock 10 min ahead: LastName edited in Salesforce, then 1 s later (real time) in WordPress, while intake is paused',
    expected:
      'NewestWins follows the stamps: Salesforce wins, the conflict is logged with both values; both sides end equal, no loop',
    phase: 'serial',
    run: async (p) => {
      const pair = await p.linkedPairFromWordPress({ last_name: 'Skew0' });
      await settle(1500);
      await pause(p);
      p.h.skewMs = 10 * 60_000;
      try {
        await p.h.admin
          .sobject('Contact')
          .update({ Id: pair.contactId, LastName: 'SalesforceAhead' });
      } finally {
        p.h.skewMs = 0;
      }
      await settle(1100);
      await p.h.editor.update('user', pair.userId, { last_name: 'WordPressLater' });
      await resume(p);
      const conflict = await p.logEntry(
        (e) => e.msg === 'conflict resolved' && e.wordpressId === pair.userId,
        'the conflict log line',
      );
      same(
        [conflict.field, conflict.salesforceValue, conflict.wordpressValue, conflict.winner],
        ['LastName', 'SalesforceAhead', 'WordPressLater', 'salesforce'],
        'conflict',
      );
      await eventually(async () => {
        const [record, user] = await Promise.all([p.contact(pair.contactId), p.user(pair.userId)]);
        return record.LastName === 'SalesforceAhead' && user.last_name === 'SalesforceAhead'
          ? true
          : undefined;
      }, 'both sides equal');
      const outcomes = p.logEntries((e) => e.msg === 'record synced').length;
      await settle(2500);
      same(
        p.logEntries((e) => e.msg === 'record synced').length,
        outcomes,
        'no further syncs (no loop)',
      );
      return 'conflict logged (LastName, both values, winner salesforce); both sides equal; no loop';
    },
  },
  {
    id: 'B39',
    kind: 'Huge batch: one DML of many records',
    direction: 'SF→WP',
    input:
      'One Contact insert of 300 records (10,000 in the long form; trigger chunks of 200), one with an invalid email',
    expected: 'Every valid record reaches WordPress and is stamped; the bad one is dead-lettered',
    phase: 'serial',
    run: async (p) => {
      const count = p.long ? 10_000 : 300;
      const token = p.token('bulk');
      const bad = Math.floor(count / 2);
      const records = Array.from({ length: count }, (_, i) => ({
        LastName: `Bulk-${token}-${i}`,
        Email: i === bad ? `bulk${i}.${token}@exa_mple.test` : `bulk${i}.${token}@example.test`,
      }));
      const started = Date.now();
      const created = await p.h.admin.sobject('Contact').create(records, { allowRecursive: true });
      const badId = created[bad]?.success ? created[bad].id : '';
      const canary = await p.salesforceCanary();
      await eventually(
        async () => {
          const result = await p.h.admin.query(
            `SELECT COUNT() FROM Contact WHERE LastName LIKE 'Bulk-${token}-%' AND WP_Id__c != null`,
          );
          return result.totalSize === count - 1 ? true : undefined;
        },
        `${count - 1} Contacts stamped`,
        p.long ? 1_500_000 : 120_000,
        1000,
      );
      const seconds = (Date.now() - started) / 1000;
      const letter = await p.deadLetter((l) => l.salesforceId === badId, 'the bad bulk record');
      same(letter.errorCode, 'rest_invalid_param', 'code');
      same((await p.h.wp.list('user', { search: `*${token}*` })).total, count - 1, 'users');
      await canary.verify();
      p.figures.push(
        `SF→WP ${count} records in one DML: ${seconds.toFixed(1)} s (${((count - 1) / seconds).toFixed(0)} records/s)`,
      );
      return `${count - 1} synced in ${seconds.toFixed(1)} s; ${letterSummary(letter)}; canary synced`;
    },
  },
  {
    id: 'B40',
    kind: 'Huge batch: thousands of WordPress changes at once',
    direction: 'WP→SF',
    input:
      'One WordPress request (a bulk import) creating 1,000 users (5,000 in the long form), one without a last name',
    expected:
      'Every valid user becomes a Contact (200 per upsert); the bad one is dead-lettered REQUIRED_FIELD_MISSING',
    phase: 'serial',
    run: async (p) => {
      const count = p.long ? 5_000 : 1_000;
      const token = p.token('bulkw');
      const bad = Math.floor(count / 3);
      const upserts = p.h.emulator.stats.collectionCalls.byKind.upsert;
      const started = Date.now();
      const ids = await p.h.php<number[]>(
        [
          '$result = array();',
          `for ( $i = 0; $i < ${count}; $i++ ) {`,
          `  $last = ( $i === ${bad} ) ? '' : "BulkW-${token}-{$i}";`,
          `  $result[] = wp_insert_user( array( 'user_login' => "bw{$i}${token}", 'user_email' => "bw{$i}.${token}@example.test", 'user_pass' => 'x', 'last_name' => $last ) );`,
          '}',
        ].join('\n'),
      );
      const created = (Date.now() - started) / 1000;
      const canary = await p.wordpressCanary();
      await eventually(
        async () => {
          const result = await p.h.admin.query(
            `SELECT COUNT() FROM Contact WHERE LastName LIKE 'BulkW-${token}-%'`,
          );
          return result.totalSize === count - 1 ? true : undefined;
        },
        `${count - 1} Contacts`,
        p.long ? 600_000 : 120_000,
        1000,
      );
      const seconds = (Date.now() - started) / 1000;
      const letter = await p.deadLetter((l) => l.wordpressId === ids[bad], 'the bad bulk user');
      same(letter.errorCode, 'REQUIRED_FIELD_MISSING', 'code');
      await canary.verify();
      const calls = p.h.emulator.stats.collectionCalls.byKind.upsert - upserts;
      p.figures.push(
        `WP→SF ${count} users from one request: created in ${created.toFixed(1)} s, in Salesforce after ${seconds.toFixed(1)} s, ${calls} upsert calls`,
      );
      return `${count - 1} Contacts (${calls} upsert calls); ${letterSummary(letter)}; canary synced`;
    },
  },
];

async function pause(p: Probes): Promise<void> {
  const before = p.logEntries((e) => e.command === 'Pause').length;
  await p.command({ Command__c: 'Pause' });
  await eventually(
    () =>
      Promise.resolve(
        p.logEntries((e) => e.command === 'Pause').length > before ? true : undefined,
      ),
    'the pause',
  );
  await settle(300);
}

async function resume(p: Probes): Promise<void> {
  await p.command({ Command__c: 'Resume' });
}
