import { createElement } from 'lwc';
import WpSyncApiAccessList from 'c/wpSyncApiAccessList';
import getApiAccessEntries from '@salesforce/apex/WPSyncAdminApiAccessController.getApiAccessEntries';
import deactivateApiAccess from '@salesforce/apex/WPSyncAdminApiAccessController.deactivateApiAccess';
import { refreshApex } from '@salesforce/apex';

const ENTRIES = require('./data/getApiAccessEntries.json');

jest.mock(
  '@salesforce/apex/WPSyncAdminApiAccessController.getApiAccessEntries',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminApiAccessController.deactivateApiAccess',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), {
  virtual: true,
});
// The editor's and the deployment status' own Apex; they are tested on their own.
jest.mock(
  '@salesforce/apex/WPSyncAdminApiAccessController.getQueryableObjects',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminApiAccessController.getReadableFields',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminController.getDeploymentStatus',
  () => ({ default: jest.fn(() => new Promise(() => {})) }),
  { virtual: true },
);

// eslint-disable-next-line @lwc/lwc/no-async-operation -- jest: one macrotask lets pending promises and re-renders settle
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

function render(canEdit = true) {
  const element = createElement('c-wp-sync-api-access-list', { is: WpSyncApiAccessList });
  element.canEdit = canEdit;
  document.body.appendChild(element);
  return element;
}

function buttons(element, label) {
  return [...element.shadowRoot.querySelectorAll('lightning-button')].filter(
    (button) => button.label === label,
  );
}

describe('c-wp-sync-api-access-list', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('lists what each entry allows, its cache, visitors and state, markup as text', async () => {
    const element = render();
    getApiAccessEntries.emit(ENTRIES);
    await flushPromises();

    const rows = [...element.shadowRoot.querySelectorAll('tr.entry')];
    expect(rows).toHaveLength(2);
    const cells = (row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent);
    expect(cells(rows[0]).slice(0, 7)).toEqual([
      'Account directory (Account_Directory)',
      'Read records',
      "Account where Type = 'Customer' (at most 200)",
      'Name, Website, BillingCity',
      '300',
      'Allowed',
      'Active',
    ]);
    expect(cells(rows[1]).slice(0, 7)).toEqual([
      '<script>alert(1)</script> (Sample_Post)',
      'Apex REST call',
      'POST /sfwp/sample',
      '—',
      '0',
      'Logged-in only',
      'Inactive',
    ]);
    expect(element.shadowRoot.querySelector('script')).toBeNull();
    expect(buttons(element, 'Deactivate').map((button) => button.disabled)).toEqual([false, true]);
    await expect(element).toBeAccessible();
  });

  it('deactivates an entry, follows the deployment and refreshes the list', async () => {
    deactivateApiAccess.mockResolvedValue('0Af000000000001AAA');
    const element = render();
    getApiAccessEntries.emit(ENTRIES);
    await flushPromises();

    buttons(element, 'Deactivate')[0].click();
    await flushPromises();

    expect(deactivateApiAccess).toHaveBeenCalledWith({ developerName: 'Account_Directory' });
    const status = element.shadowRoot.querySelector('c-wp-sync-deployment-status');
    expect(status.jobId).toBe('0Af000000000001AAA');
    status.dispatchEvent(new CustomEvent('finished', { detail: { state: 'Succeeded' } }));
    expect(refreshApex).toHaveBeenCalled();
  });

  it('shows a refused deactivation and keeps the read-only user from changing anything', async () => {
    deactivateApiAccess.mockRejectedValue({
      body: { message: 'You need the WP_Sync_Admin custom permission' },
    });
    const element = render(false);
    getApiAccessEntries.emit(ENTRIES);
    await flushPromises();

    expect(buttons(element, 'New access entry')[0].disabled).toBe(true);
    expect(buttons(element, 'Deactivate').every((button) => button.disabled)).toBe(true);
    // The server refuses whatever the UI shows.
    buttons(element, 'Deactivate')[0].click();
    await flushPromises();
    const panel = element.shadowRoot.querySelector('c-wp-sync-error-panel');
    expect(panel.errors).toEqual({
      body: { message: 'You need the WP_Sync_Admin custom permission' },
    });
  });

  it('opens the editor for an entry and for a new one, and goes back', async () => {
    const element = render();
    getApiAccessEntries.emit(ENTRIES);
    await flushPromises();

    buttons(element, 'Edit')[1].click();
    await flushPromises();
    const editor = element.shadowRoot.querySelector('c-wp-sync-api-access-editor');
    expect(editor.entry.DeveloperName).toBe('Sample_Post');
    editor.dispatchEvent(new CustomEvent('saved'));
    expect(refreshApex).toHaveBeenCalled();
    editor.dispatchEvent(new CustomEvent('close'));
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-api-access-editor')).toBeNull();

    buttons(element, 'New access entry')[0].click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-api-access-editor').entry).toBeUndefined();
  });

  it('says so when there are no entries, and shows a load error', async () => {
    const element = render();
    getApiAccessEntries.emit([]);
    await flushPromises();
    expect(element.shadowRoot.querySelector('.empty').textContent).toBe(
      'No API access entries yet.',
    );

    getApiAccessEntries.error({ message: 'boom' });
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toBeTruthy();
  });
});
