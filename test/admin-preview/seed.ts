/**
 * Data for the admin preview: the emulator's sample Accounts and Contacts, the results a
 * connector would have reported for them (the emulator's result trigger turns them into
 * WP_Sync_Log__c rows, one of them Failed), and a connector heartbeat now and every few seconds
 * (the result trigger keeps the latest in WP_Sync_Connector__c, which the health panel reads).
 */
import type { RunningEmulator } from '../emulator/index.js';
import { seedSampleData } from '../emulator/sample-data.js';

export interface SeededData {
  contacts: string[];
  accounts: string[];
  /** The Contact whose sync failed. */
  failedRecordId: string;
  stopHeartbeats(): void;
}

export const FAILED_MESSAGE =
  'rest_invalid_param: Invalid parameter(s): email (WordPress refused the address)';

/**
 * A failure message carrying markup, as a WordPress error could quote user input: the admin app
 * must show it as text and run none of it (test/browser/admin-app.test.ts).
 */
export const HOSTILE_MESSAGE =
  'rest_invalid_param: Invalid parameter(s): last_name <script>window.__sfwpXss=1</script> ' +
  '<img src=x onerror="window.__sfwpXss=1"> "><svg onload=window.__sfwpXss=1> ' +
  '<img src=y onerror=alert(1)>';

/**
 * The WordPress forms the preview's heartbeat lists, as the companion plugin answers the
 * connector's heartbeat with them (the mapping editor's form picker reads them).
 */
export const PREVIEW_FORMS = [
  {
    id: 7,
    title: 'Contact us',
    fields: [
      { name: 'first_name', label: 'First name', type: 'text' },
      { name: 'last_name', label: 'Last name', type: 'text' },
      { name: 'work_email', label: 'Work email', type: 'email' },
      { name: 'message', label: 'Message', type: 'textarea' },
    ],
  },
  { id: 9, title: 'Newsletter signup', fields: [{ name: 'email', label: 'Email', type: 'email' }] },
];

export function seedPreviewData(emulator: RunningEmulator, heartbeatMs = 3000): SeededData {
  const { org, credentials } = emulator;
  const integration = credentials.integration.username;
  const session = org.sessionOf(org.user(integration));
  const { accounts, contacts } = seedSampleData(org, integration);
  const [ada, charles, grace] = contacts;
  if (!ada || !charles || !grace) throw new Error('sample data has three contacts');
  const result = (values: Record<string, unknown>) =>
    org.events.publish('WP_Sync_Result__e', values, session);
  result({
    Mapping__c: 'Contact_User',
    Record_Id__c: ada,
    WP_Id__c: '11',
    Direction__c: 'SalesforceToWordPress',
    Status__c: 'Success',
    Source_Event__c: 'preview-1',
  });
  result({
    Mapping__c: 'Account_Organization',
    Record_Id__c: accounts[0],
    WP_Id__c: '42',
    Direction__c: 'SalesforceToWordPress',
    Status__c: 'Success',
    Source_Event__c: 'preview-2',
  });
  result({
    Mapping__c: 'Contact_User',
    Record_Id__c: charles,
    Direction__c: 'SalesforceToWordPress',
    Status__c: 'Failed',
    Message__c: FAILED_MESSAGE,
    Source_Event__c: 'preview-3',
  });
  result({
    Mapping__c: 'Contact_User',
    Record_Id__c: grace,
    Direction__c: 'SalesforceToWordPress',
    Status__c: 'Failed',
    Message__c: HOSTILE_MESSAGE,
    Source_Event__c: 'preview-4 "><svg onload=window.__sfwpXss=1>',
  });
  const beat = () =>
    result({
      Status__c: 'Heartbeat',
      Direction__c: 'SalesforceToWordPress',
      // The shape connector/src/app/connector.ts sends, plus the API usage it knows.
      Message__c: JSON.stringify({
        version: '0.1.0-preview',
        state: 'running',
        lagMs: 850,
        inFlight: 0,
        apiUsage: { used: emulator.usage.usedCalls, limit: emulator.usage.dailyLimit },
        forms: PREVIEW_FORMS,
        formsTruncated: false,
      }),
    });
  // One heartbeat now, so the health panel has one on its first read.
  beat();
  const timer = setInterval(beat, heartbeatMs);
  return {
    contacts,
    accounts,
    failedRecordId: charles,
    stopHeartbeats: () => {
      clearInterval(timer);
    },
  };
}
