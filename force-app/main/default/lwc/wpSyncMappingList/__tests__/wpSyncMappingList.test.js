import { createElement } from 'lwc';
import WpSyncMappingList from 'c/wpSyncMappingList';
import getMappings from '@salesforce/apex/WPSyncAdminController.getMappings';
import { refreshApex } from '@salesforce/apex';

const MAPPINGS = require('./data/getMappings.json');

jest.mock(
  '@salesforce/apex/WPSyncAdminController.getMappings',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), {
  virtual: true,
});
// The editor's own Apex; the editor is tested on its own.
jest.mock(
  '@salesforce/apex/WPSyncAdminController.getMappableObjects',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminController.getObjectFields',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);

// eslint-disable-next-line @lwc/lwc/no-async-operation -- jest: one macrotask lets pending promises and re-renders settle
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

function render(canEdit = true) {
  const element = createElement('c-wp-sync-mapping-list', { is: WpSyncMappingList });
  element.canEdit = canEdit;
  document.body.appendChild(element);
  return element;
}

describe('c-wp-sync-mapping-list', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('lists every mapping with its field mappings, state and unknown fields', async () => {
    const element = render();
    getMappings.emit(MAPPINGS);
    await flushPromises();

    const cards = element.shadowRoot.querySelectorAll('lightning-card.mapping');
    expect(cards).toHaveLength(2);
    expect(cards[0].title).toBe('Account to organization (Account_Organization)');
    expect(cards[0].querySelector('.summary').textContent).toBe(
      'Account ↔ WordPress organization · SalesforceToWordPress',
    );
    expect(cards[0].querySelector('.slds-badge').textContent).toBe('Active');
    expect(cards[1].querySelector('.slds-badge').textContent).toBe('Inactive');
    expect(cards[0].querySelector('lightning-datatable').data).toEqual(MAPPINGS[0].fields);
    expect(cards[0].querySelector('.unknown-fields')).toBeNull();
    expect(cards[1].querySelector('.unknown-fields').textContent).toBe(
      'Unknown Salesforce fields (ignored): Old_Field__c',
    );
    expect(element.shadowRoot.querySelector('.empty')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('names the target org of an org to org mapping instead of a WordPress type', async () => {
    const element = render();
    getMappings.emit([
      {
        ...MAPPINGS[1],
        definition: {
          ...MAPPINGS[1].definition,
          WordPress_Type__c: null,
          Target_Org__c: 'service',
        },
      },
    ]);
    await flushPromises();

    expect(element.shadowRoot.querySelector('.summary').textContent).toBe(
      'Contact ↔ org service · Bidirectional',
    );
  });

  it('says when there are no mappings and shows read errors', async () => {
    const element = render();
    getMappings.emit([]);
    await flushPromises();
    expect(element.shadowRoot.querySelector('.empty').textContent).toBe('No mappings yet.');

    getMappings.error({ message: 'no access' });
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toBeDefined();
    expect(element.shadowRoot.querySelector('.empty')).toBeNull();
  });

  it('opens the editor for a mapping and returns to the list', async () => {
    const element = render();
    getMappings.emit(MAPPINGS);
    await flushPromises();

    element.shadowRoot.querySelectorAll('lightning-button.edit')[1].click();
    await flushPromises();
    const editor = element.shadowRoot.querySelector('c-wp-sync-mapping-editor');
    expect(editor.mapping.developerName).toBe('Contact_User');
    expect(editor.canEdit).toBe(true);

    editor.dispatchEvent(new CustomEvent('saved'));
    expect(refreshApex).toHaveBeenCalledTimes(1);
    editor.dispatchEvent(new CustomEvent('close'));
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-mapping-editor')).toBeNull();
    expect(element.shadowRoot.querySelectorAll('lightning-card.mapping')).toHaveLength(2);
  });

  it('opens an empty editor for a new mapping, only for sync admins', async () => {
    const readOnly = render(false);
    getMappings.emit(MAPPINGS);
    await flushPromises();
    expect(readOnly.shadowRoot.querySelector('lightning-button.new-mapping').disabled).toBe(true);

    const element = render(true);
    await flushPromises();
    element.shadowRoot.querySelector('lightning-button.new-mapping').click();
    await flushPromises();
    const editor = element.shadowRoot.querySelector('c-wp-sync-mapping-editor');
    expect(editor).not.toBeNull();
    expect(editor.mapping).toBeUndefined();
  });
});
