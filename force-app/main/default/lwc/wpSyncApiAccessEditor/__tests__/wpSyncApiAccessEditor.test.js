import { createElement } from 'lwc';
import WpSyncApiAccessEditor from 'c/wpSyncApiAccessEditor';
import getQueryableObjects from '@salesforce/apex/WPSyncAdminApiAccessController.getQueryableObjects';
import getReadableFields from '@salesforce/apex/WPSyncAdminApiAccessController.getReadableFields';
import validateApiAccess from '@salesforce/apex/WPSyncAdminApiAccessController.validateApiAccess';
import saveApiAccess from '@salesforce/apex/WPSyncAdminApiAccessController.saveApiAccess';

const ENTRIES = require('../../wpSyncApiAccessList/__tests__/data/getApiAccessEntries.json');

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
  '@salesforce/apex/WPSyncAdminApiAccessController.validateApiAccess',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminApiAccessController.saveApiAccess',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminController.getDeploymentStatus',
  () => ({ default: jest.fn(() => new Promise(() => {})) }),
  { virtual: true },
);

// eslint-disable-next-line @lwc/lwc/no-async-operation -- jest: one macrotask lets pending promises and re-renders settle
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

const CONTACT_FIELDS = [
  { value: 'FirstName', label: 'First Name', type: 'STRING' },
  { value: 'LastName', label: 'Last Name', type: 'STRING' },
];

async function render(entry, canEdit = true) {
  const element = createElement('c-wp-sync-api-access-editor', { is: WpSyncApiAccessEditor });
  element.canEdit = canEdit;
  element.entry = entry;
  document.body.appendChild(element);
  getQueryableObjects.emit([
    { value: 'Account', label: 'Account (Account)' },
    { value: 'Contact', label: 'Contact (Contact)' },
  ]);
  await flushPromises();
  return element;
}

function byName(element, tag, name) {
  return [...element.shadowRoot.querySelectorAll(tag)].find((node) => node.name === name);
}

async function change(element, tag, name, value) {
  byName(element, tag, name).dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flushPromises();
}

function button(element, label) {
  return [...element.shadowRoot.querySelectorAll('lightning-button')].find(
    (candidate) => candidate.label === label,
  );
}

describe('c-wp-sync-api-access-editor', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('loads an existing read entry, its object fields from describe, the name locked', async () => {
    const element = await render(ENTRIES[0]);
    getReadableFields.emit([{ value: 'Name', label: 'Account Name' }]);
    await flushPromises();

    expect(element.shadowRoot.querySelector('lightning-card').title).toBe(
      'Edit API access entry Account directory',
    );
    expect(getReadableFields.getLastConfig()).toEqual({ objectName: 'Account' });
    expect(byName(element, 'lightning-input', 'developerName').disabled).toBe(true);
    expect(byName(element, 'lightning-input', 'allowedFields').value).toBe(
      'Name, Website, BillingCity',
    );
    expect(byName(element, 'lightning-textarea', 'fixedFilter').value).toBe("Type = 'Customer'");
    expect(byName(element, 'lightning-combobox', 'fieldPicker').options).toEqual([
      { label: 'Account Name (Name)', value: 'Name' },
    ]);
    expect(byName(element, 'lightning-input', 'apexPath')).toBeUndefined();
    await expect(element).toBeAccessible();
  });

  it('builds a new read entry with the field picker, shows every issue and saves nothing', async () => {
    validateApiAccess.mockResolvedValue([
      { row: null, field: 'allowedFields', message: 'Contact has no field "Colour__c".' },
      {
        row: null,
        field: 'maxRecords',
        message: 'Max records must be a whole number from 1 to 2000.',
      },
    ]);
    const element = await render(undefined);
    expect(element.shadowRoot.querySelector('lightning-card').title).toBe('New API access entry');

    await change(element, 'lightning-input', 'developerName', 'Contact_Directory');
    await change(element, 'lightning-combobox', 'salesforceObject', 'Contact');
    expect(getReadableFields.getLastConfig()).toEqual({ objectName: 'Contact' });
    getReadableFields.emit(CONTACT_FIELDS);
    await change(element, 'lightning-combobox', 'fieldPicker', 'FirstName');
    await change(element, 'lightning-combobox', 'fieldPicker', 'LastName');
    await change(element, 'lightning-combobox', 'fieldPicker', 'firstname');
    expect(byName(element, 'lightning-input', 'allowedFields').value).toBe('FirstName, LastName');
    await change(element, 'lightning-input', 'allowedFields', 'FirstName, LastName, Colour__c');
    await change(element, 'lightning-input', 'maxRecords', '');
    button(element, 'Save').click();
    await flushPromises();

    expect(validateApiAccess.mock.calls[0][0].entry).toEqual({
      developerName: 'Contact_Directory',
      label: 'Contact_Directory',
      kind: 'Query',
      active: true,
      allowAnonymous: false,
      cacheSeconds: 300,
      salesforceObject: 'Contact',
      allowedFields: 'FirstName, LastName, Colour__c',
      fixedFilter: '',
      maxRecords: null,
      apexPath: '',
      apexMethod: 'GET',
    });
    expect(saveApiAccess).not.toHaveBeenCalled();
    const shown = [...element.shadowRoot.querySelectorAll('.issue')].map((li) => li.textContent);
    expect(shown).toEqual([
      'Contact has no field "Colour__c".',
      'Max records must be a whole number from 1 to 2000.',
    ]);
    await expect(element).toBeAccessible();

    await change(element, 'lightning-input', 'maxRecords', '50');
    expect(element.shadowRoot.querySelector('.validation')).toBeNull();
  });

  it('saves an Apex REST entry, follows the deployment and reports the save', async () => {
    validateApiAccess.mockResolvedValue([]);
    saveApiAccess.mockResolvedValue('0Af000000000002AAA');
    const element = await render(undefined);
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    await change(element, 'lightning-input', 'developerName', 'Sample_Post');
    await change(element, 'lightning-combobox', 'kind', 'ApexRest');
    expect(byName(element, 'lightning-combobox', 'salesforceObject')).toBeUndefined();
    await change(element, 'lightning-input', 'apexPath', '/sfwp/sample');
    await change(element, 'lightning-combobox', 'apexMethod', 'POST');
    await change(element, 'lightning-input', 'cacheSeconds', '0');
    const anonymous = byName(element, 'lightning-input', 'allowAnonymous');
    anonymous.checked = true;
    anonymous.dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
    button(element, 'Save').click();
    await flushPromises();

    const entry = saveApiAccess.mock.calls[0][0].entry;
    expect(entry).toMatchObject({
      kind: 'ApexRest',
      apexPath: '/sfwp/sample',
      apexMethod: 'POST',
      cacheSeconds: 0,
      allowAnonymous: true,
    });
    const status = element.shadowRoot.querySelector('c-wp-sync-deployment-status');
    expect(status.jobId).toBe('0Af000000000002AAA');
    expect(button(element, 'Save').disabled).toBe(true);
    status.dispatchEvent(new CustomEvent('finished', { detail: { state: 'Succeeded' } }));
    expect(saved).toHaveBeenCalledTimes(1);
    expect(saved.mock.calls[0][0].detail).toEqual({ developerName: 'Sample_Post' });

    button(element, 'Make more changes').click();
    await flushPromises();
    expect(button(element, 'Save').disabled).toBe(false);
  });

  it('shows a refused save, and is read-only without the admin permission', async () => {
    validateApiAccess.mockResolvedValue([]);
    saveApiAccess.mockRejectedValue({
      body: { message: 'You need the WP_Sync_Admin custom permission' },
    });
    const element = await render(ENTRIES[1]);
    button(element, 'Save').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toEqual({
      body: { message: 'You need the WP_Sync_Admin custom permission' },
    });

    const readOnly = await render(ENTRIES[1], false);
    expect(button(readOnly, 'Save').disabled).toBe(true);
    expect(byName(readOnly, 'lightning-input', 'apexPath').disabled).toBe(true);
    const closed = jest.fn();
    readOnly.addEventListener('close', closed);
    button(readOnly, 'Back to API access').click();
    expect(closed).toHaveBeenCalled();
  });
});
