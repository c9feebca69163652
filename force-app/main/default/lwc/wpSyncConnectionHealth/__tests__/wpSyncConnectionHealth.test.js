import { createElement } from 'lwc';
import WpSyncConnectionHealth from 'c/wpSyncConnectionHealth';
import { subscribe, unsubscribe } from 'lightning/empApi';
import getApiUsage from '@salesforce/apex/WPSyncAdminController.getApiUsage';

jest.mock('@salesforce/apex/WPSyncAdminController.getApiUsage', () => ({ default: jest.fn() }), {
  virtual: true,
});

const LIMITS = [
  { name: 'DailyApiRequests', max: 15000, used: 1500 },
  { name: 'HourlyPublishedPlatformEvents', max: 250000, used: 0 },
];

// eslint-disable-next-line @lwc/lwc/no-async-operation -- jest: one macrotask lets pending promises and re-renders settle
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

function heartbeat(status, extra = {}) {
  return {
    data: {
      payload: {
        Status__c: 'Heartbeat',
        CreatedDate: '2026-11-22T09:00:00.000Z',
        Message__c: typeof status === 'string' ? status : JSON.stringify(status),
        ...extra,
      },
    },
  };
}

async function render() {
  const element = createElement('c-wp-sync-connection-health', { is: WpSyncConnectionHealth });
  document.body.appendChild(element);
  await flushPromises();
  return element;
}

describe('c-wp-sync-connection-health', () => {
  beforeEach(() => {
    getApiUsage.mockResolvedValue(LIMITS);
    subscribe.mockResolvedValue({ id: 'subscription' });
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('subscribes to sync results for new events only and waits for a heartbeat', async () => {
    const element = await render();

    expect(subscribe).toHaveBeenCalledWith('/event/WP_Sync_Result__e', -1, expect.any(Function));
    expect(element.shadowRoot.querySelector('.no-heartbeat')).not.toBeNull();
  });

  it('shows state, lag, version and API usage from the latest heartbeat', async () => {
    const element = await render();
    const onMessage = subscribe.mock.calls[0][2];

    onMessage({ data: { payload: { Status__c: 'Failed', Message__c: 'not a heartbeat' } } });
    await flushPromises();
    expect(element.shadowRoot.querySelector('.no-heartbeat')).not.toBeNull();

    onMessage(
      heartbeat({
        state: 'running',
        version: '0.4.0',
        intake: { lagMs: 2500 },
        salesforce: { apiUsage: { used: 12, limit: 15000 } },
      }),
    );
    await flushPromises();

    const root = element.shadowRoot;
    expect(root.querySelector('.slds-badge').textContent).toBe('running');
    expect(root.querySelector('.lag').textContent).toBe('2.5 s');
    expect(root.querySelector('.version').textContent).toBe('0.4.0');
    expect(root.querySelector('.heartbeat').textContent).toContain('12 of 15000');
    await expect(element).toBeAccessible();
  });

  it('reports a stopped connector, small lag and missing data plainly', async () => {
    const element = await render();
    const onMessage = subscribe.mock.calls[0][2];

    onMessage(
      heartbeat({
        state: 'throttled',
        reason: 'API allowance used up',
        lagMs: 40,
        apiUsage: { used: 9, limit: 100 },
      }),
    );
    await flushPromises();
    const root = element.shadowRoot;
    expect(root.querySelector('.slds-badge').className).toContain('slds-theme_warning');
    expect(root.querySelector('.lag').textContent).toBe('40 ms');
    expect(root.querySelector('.reason').textContent).toBe('API allowance used up');
    expect(root.querySelector('.heartbeat').textContent).toContain('9 of 100');

    onMessage(heartbeat('{broken', { CreatedDate: undefined }));
    await flushPromises();
    expect(root.querySelector('.reason').textContent).toBe('Unreadable heartbeat: {broken');
    expect(root.querySelector('.lag').textContent).toBe('no events applied yet');
    expect(root.querySelector('.version').textContent).toBe('unknown');
    expect(root.querySelector('.heartbeat').textContent).toContain('not reported');
  });

  it('shows the org allocations with their share used and refreshes them', async () => {
    const element = await render();

    const limits = [...element.shadowRoot.querySelectorAll('.limit')];
    expect(limits).toHaveLength(2);
    expect(limits[0].textContent).toContain('API requests (24 h)');
    expect(limits[0].textContent).toContain('1,500 of 15,000');
    expect(limits[0].querySelector('lightning-progress-bar').value).toBe(10);

    getApiUsage.mockResolvedValue([{ name: 'Other', max: 0, used: 0 }]);
    element.shadowRoot.querySelector('lightning-button-icon').click();
    await flushPromises();
    const refreshed = element.shadowRoot.querySelectorAll('.limit');
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0].querySelector('lightning-progress-bar').value).toBe(0);
  });

  it('shows errors from the limits call and the subscription in the error panel', async () => {
    getApiUsage.mockRejectedValue({ body: { message: 'No limits for you' } });
    subscribe.mockRejectedValue(new Error('empApi disabled'));

    const element = await render();

    const panel = element.shadowRoot.querySelector('c-wp-sync-error-panel');
    expect(panel.errors).toBeDefined();
  });

  it('unsubscribes when removed', async () => {
    const element = await render();

    document.body.removeChild(element);

    expect(unsubscribe).toHaveBeenCalledWith({ id: 'subscription' }, expect.any(Function));
  });
});
