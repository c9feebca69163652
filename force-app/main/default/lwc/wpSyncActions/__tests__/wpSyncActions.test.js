import { createElement } from 'lwc';
import WpSyncActions from 'c/wpSyncActions';
import getMappings from '@salesforce/apex/WPSyncAdminController.getMappings';
import sendCommand from '@salesforce/apex/WPSyncAdminController.sendCommand';

const MAPPINGS = require('./data/getMappings.json');

jest.mock(
  '@salesforce/apex/WPSyncAdminController.getMappings',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);
jest.mock('@salesforce/apex/WPSyncAdminController.sendCommand', () => ({ default: jest.fn() }), {
  virtual: true,
});

// eslint-disable-next-line @lwc/lwc/no-async-operation -- jest: one macrotask lets pending promises and re-renders settle
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

function render(canEdit = true) {
  const element = createElement('c-wp-sync-actions', { is: WpSyncActions });
  element.canEdit = canEdit;
  document.body.appendChild(element);
  getMappings.emit(MAPPINGS);
  return element;
}

function button(element, label) {
  return [...element.shadowRoot.querySelectorAll('lightning-button')].find(
    (b) => b.label === label,
  );
}

describe('c-wp-sync-actions', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it.each([
    ['Retry failed', 'RetryFailed'],
    ['Reload mappings', 'ReloadMappings'],
    ['Pause', 'Pause'],
    ['Resume', 'Resume'],
  ])('%s publishes %s and confirms it', async (label, command) => {
    sendCommand.mockResolvedValue(command);
    const element = render();
    await flushPromises();

    button(element, label).click();
    await flushPromises();

    expect(sendCommand).toHaveBeenCalledWith({ command, mappingName: null, recordIds: [] });
    expect(element.shadowRoot.querySelector('.sent').textContent).toBe(
      `${label} sent to the connector.`,
    );
  });

  it('resyncs a chosen mapping and chosen records', async () => {
    sendCommand.mockResolvedValue('ok');
    const element = render();
    await flushPromises();
    expect(button(element, 'Resync mapping').disabled).toBe(true);
    const combobox = element.shadowRoot.querySelector('lightning-combobox');
    expect(combobox.options.map((o) => o.value)).toEqual(['Account_Organization', 'Contact_User']);

    combobox.dispatchEvent(new CustomEvent('change', { detail: { value: 'Contact_User' } }));
    await flushPromises();
    expect(button(element, 'Resync record').disabled).toBe(true);
    button(element, 'Resync mapping').click();
    await flushPromises();
    const ids = element.shadowRoot.querySelector('lightning-textarea');
    ids.dispatchEvent(
      new CustomEvent('change', { detail: { value: '003000000000001AAA, 003000000000002AAA\n' } }),
    );
    await flushPromises();
    button(element, 'Resync record').click();
    await flushPromises();

    expect(sendCommand.mock.calls).toEqual([
      [{ command: 'ResyncMapping', mappingName: 'Contact_User', recordIds: [] }],
      [
        {
          command: 'ResyncRecord',
          mappingName: 'Contact_User',
          recordIds: ['003000000000001AAA', '003000000000002AAA'],
        },
      ],
    ]);
    await expect(element).toBeAccessible();
  });

  it('disables every command without WP_Sync_Admin', async () => {
    const element = render(false);
    await flushPromises();

    const buttons = [...element.shadowRoot.querySelectorAll('lightning-button')];
    expect(buttons.every((b) => b.disabled)).toBe(true);
  });

  it('shows a refused command in the error panel', async () => {
    sendCommand.mockRejectedValue({
      body: { message: 'You need the WP_Sync_Admin custom permission' },
    });
    const element = render();
    await flushPromises();

    button(element, 'Pause').click();
    await flushPromises();

    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toEqual({
      body: { message: 'You need the WP_Sync_Admin custom permission' },
    });
    expect(element.shadowRoot.querySelector('.sent').textContent).toBe('');
  });

  it('shows a failed mapping read in the error panel', async () => {
    const element = createElement('c-wp-sync-actions', { is: WpSyncActions });
    document.body.appendChild(element);
    getMappings.error({ message: 'boom' });
    await flushPromises();

    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toBeDefined();
  });
});
