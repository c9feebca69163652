import { createElement } from 'lwc';
import WpSyncLog, { PAGE_SIZE } from 'c/wpSyncLog';
import getSyncLog from '@salesforce/apex/WPSyncAdminController.getSyncLog';
import getMappings from '@salesforce/apex/WPSyncAdminController.getMappings';
import sendCommand from '@salesforce/apex/WPSyncAdminController.sendCommand';

const PAGE = require('./data/getSyncLog.json');
const MAPPINGS = require('./data/getMappings.json');

jest.mock('@salesforce/apex/WPSyncAdminController.getSyncLog', () => ({ default: jest.fn() }), {
  virtual: true,
});
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

async function render(canEdit = true) {
  const element = createElement('c-wp-sync-log', { is: WpSyncLog });
  element.canEdit = canEdit;
  document.body.appendChild(element);
  getMappings.emit(MAPPINGS);
  await flushPromises();
  return element;
}

function lastFilter() {
  return getSyncLog.mock.calls[getSyncLog.mock.calls.length - 1][0].filter;
}

function button(element, label) {
  return [...element.shadowRoot.querySelectorAll('lightning-button')].find(
    (b) => b.label === label,
  );
}

function byName(root, tag, name) {
  return [...root.querySelectorAll(tag)].find((candidate) => candidate.name === name);
}

describe('c-wp-sync-log', () => {
  beforeEach(() => getSyncLog.mockResolvedValue(PAGE));

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('shows the first page newest first with links to entries and records', async () => {
    const element = await render();

    expect(lastFilter()).toEqual({
      status: null,
      mapping: null,
      fromDate: null,
      toDate: null,
      pageNumber: 1,
      pageSize: PAGE_SIZE,
      beforeCreatedDate: null,
      beforeId: null,
    });
    const table = element.shadowRoot.querySelector('lightning-datatable');
    expect(table.data).toHaveLength(3);
    expect(table.data[0]).toMatchObject({
      logUrl: '/a00000000000001AAA',
      recordUrl: '/003000000000001AAA',
      retryDisabled: false,
    });
    expect(table.data[1].retryDisabled).toBe(true);
    expect(table.data[2]).toMatchObject({ recordUrl: null, retryDisabled: true });
    expect(table.columns[table.columns.length - 1].typeAttributes.label).toBe('Retry');
    expect(element.shadowRoot.querySelector('.page-text').textContent).toBe(
      'Page 1 of 3 · 45 entries',
    );
    expect(button(element, 'Previous').disabled).toBe(true);
    const mappingFilter = byName(element.shadowRoot, 'lightning-combobox', 'mapping');
    expect(mappingFilter.options.map((o) => o.value)).toEqual([
      '',
      'Account_Organization',
      'Contact_User',
    ]);
    await expect(element).toBeAccessible();
  });

  it('filters by status, mapping and dates from the first page', async () => {
    const element = await render();
    button(element, 'Next').click();
    await flushPromises();
    expect(lastFilter().pageNumber).toBe(2);

    const change = (selector, value) => {
      const [tag, name] = selector.split(':');
      byName(element.shadowRoot, tag, name).dispatchEvent(
        new CustomEvent('change', { detail: { value } }),
      );
    };
    change('lightning-combobox:status', 'Failed');
    change('lightning-combobox:mapping', 'Contact_User');
    change('lightning-input:fromDate', '2026-11-01');
    change('lightning-input:toDate', '2026-11-22');
    await flushPromises();

    expect(lastFilter()).toEqual({
      status: 'Failed',
      mapping: 'Contact_User',
      fromDate: '2026-11-01',
      toDate: '2026-11-22',
      pageNumber: 1,
      pageSize: PAGE_SIZE,
      beforeCreatedDate: null,
      beforeId: null,
    });
    change('lightning-input:toDate', null);
    await flushPromises();
    expect(lastFilter().toDate).toBeNull();
  });

  it('pages by keyset: Next asks for the rows after the last one shown, Previous goes back', async () => {
    const second = {
      ...PAGE,
      records: [
        { ...PAGE.records[0], Id: 'a00000000000009AAA', CreatedDate: '2026-11-21T07:00:00.000Z' },
      ],
    };
    const last = {
      ...PAGE,
      hasMore: false,
      records: [{ ...PAGE.records[1], Id: 'a0000000000000AAAA' }],
    };
    getSyncLog
      .mockResolvedValueOnce(PAGE)
      .mockResolvedValueOnce(second)
      .mockResolvedValueOnce(last);
    const element = await render();

    button(element, 'Next').click();
    await flushPromises();
    const lastShown = PAGE.records[PAGE.records.length - 1];
    expect(lastFilter()).toMatchObject({
      pageNumber: 2,
      beforeCreatedDate: lastShown.CreatedDate,
      beforeId: lastShown.Id,
    });
    button(element, 'Next').click();
    await flushPromises();
    expect(lastFilter()).toMatchObject({
      pageNumber: 3,
      beforeCreatedDate: '2026-11-21T07:00:00.000Z',
      beforeId: 'a00000000000009AAA',
    });
    expect(button(element, 'Next').disabled).toBe(true);
    getSyncLog.mockResolvedValue(second);
    button(element, 'Previous').click();
    await flushPromises();
    expect(lastFilter()).toMatchObject({ pageNumber: 2, beforeId: lastShown.Id });
    expect(button(element, 'Next').disabled).toBe(false);
    element.shadowRoot.querySelector('lightning-button-icon').click();
    await flushPromises();
    expect(lastFilter()).toMatchObject({ pageNumber: 2, beforeId: lastShown.Id });
    expect(getSyncLog).toHaveBeenCalledTimes(5);
  });

  it('says "more than" when the count stops at its cap', async () => {
    getSyncLog.mockResolvedValue({ ...PAGE, total: 10000, totalCapped: true });
    const element = await render();

    expect(element.shadowRoot.querySelector('.page-text').textContent).toBe(
      'Page 1 · more than 10000 entries',
    );
    expect(button(element, 'Next').disabled).toBe(false);
  });

  it('retries a failed record through a RetryFailed command', async () => {
    sendCommand.mockResolvedValue('RetryFailed');
    const element = await render();

    const table = element.shadowRoot.querySelector('lightning-datatable');
    table.dispatchEvent(
      new CustomEvent('rowaction', { detail: { action: { name: 'retry' }, row: table.data[0] } }),
    );
    await flushPromises();

    expect(sendCommand).toHaveBeenCalledWith({
      command: 'RetryFailed',
      mappingName: 'Contact_User',
      recordIds: ['003000000000001AAA'],
    });
    expect(element.shadowRoot.querySelector('.notice').textContent).toBe(
      'Retry of 003000000000001AAA sent to the connector.',
    );
  });

  it('has no Retry column without WP_Sync_Admin and says when nothing matches', async () => {
    getSyncLog.mockResolvedValue({
      total: 0,
      hasMore: false,
      pageNumber: 1,
      pageSize: 20,
      records: [],
    });
    const element = await render(false);

    expect(element.shadowRoot.querySelector('.empty').textContent).toBe('No log entries match.');
    expect(element.shadowRoot.querySelector('.page-text').textContent).toBe(
      'Page 1 of 1 · 0 entries',
    );
    element.canEdit = false;
    expect(element.shadowRoot.querySelector('lightning-datatable')).toBeNull();
  });

  it('shows read and retry errors in the error panel', async () => {
    getSyncLog.mockRejectedValue({ body: { message: 'Insufficient access to WP_Sync_Log__c' } });
    sendCommand.mockRejectedValue({ body: { message: 'refused' } });
    const element = await render();
    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toEqual({
      body: { message: 'Insufficient access to WP_Sync_Log__c' },
    });

    getSyncLog.mockResolvedValue(PAGE);
    element.shadowRoot.querySelector('lightning-button-icon').click();
    await flushPromises();
    const table = element.shadowRoot.querySelector('lightning-datatable');
    table.dispatchEvent(
      new CustomEvent('rowaction', { detail: { action: { name: 'retry' }, row: table.data[0] } }),
    );
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toEqual({
      body: { message: 'refused' },
    });
    getMappings.error({ message: 'x' });
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toBeDefined();
  });
});
