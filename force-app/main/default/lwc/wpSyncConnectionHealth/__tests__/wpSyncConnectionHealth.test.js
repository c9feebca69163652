import { createElement } from 'lwc';
import WpSyncConnectionHealth, { POLL_MS } from 'c/wpSyncConnectionHealth';
import getApiUsage from '@salesforce/apex/WPSyncAdminController.getApiUsage';
import getConnectorHealth from '@salesforce/apex/WPSyncAdminController.getConnectorHealth';
import getPackageVersion from '@salesforce/apex/WPSyncAdminController.getPackageVersion';
import sendCommand from '@salesforce/apex/WPSyncAdminController.sendCommand';

jest.mock('@salesforce/apex/WPSyncAdminController.getApiUsage', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/WPSyncAdminController.getConnectorHealth',
  () => ({ default: jest.fn() }),
  { virtual: true },
);

jest.mock(
  '@salesforce/apex/WPSyncAdminController.getPackageVersion',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock('@salesforce/apex/WPSyncAdminController.sendCommand', () => ({ default: jest.fn() }), {
  virtual: true,
});

const LIMITS = [
  { name: 'DailyApiRequests', max: 15000, used: 1500 },
  { name: 'HourlyPublishedPlatformEvents', max: 250000, used: 0 },
];

// eslint-disable-next-line @lwc/lwc/no-async-operation -- jest: one macrotask lets pending promises and re-renders settle
const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A WP_Sync_Connector__c row as getConnectorHealth returns it. */
function connector(status, extra = {}) {
  return {
    Name: 'integration@example.com',
    Connector_User_Id__c: '005000000000001AAA',
    Last_Heartbeat__c: '2026-11-22T09:00:00.000Z',
    Status__c: typeof status === 'string' ? status : JSON.stringify(status),
    ...extra,
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
    getConnectorHealth.mockResolvedValue([]);
    getPackageVersion.mockResolvedValue('0.1.0');
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('reads the latest heartbeat through Apex and waits when there is none', async () => {
    const element = await render();

    expect(getConnectorHealth).toHaveBeenCalledTimes(1);
    expect(element.shadowRoot.querySelector('.no-heartbeat')).not.toBeNull();
  });

  it('shows state, lag, version and API usage from the latest heartbeat', async () => {
    getConnectorHealth.mockResolvedValue([
      connector({
        state: 'running',
        version: '0.4.0',
        intake: { lagMs: 2500 },
        salesforce: { apiUsage: { used: 12, limit: 15000 } },
      }),
      connector({ state: 'stopped', version: '0.1.0' }, { Name: 'older connector' }),
    ]);
    const element = await render();

    const root = element.shadowRoot;
    expect(root.querySelector('.slds-badge').textContent).toBe('running');
    expect(root.querySelector('.lag').textContent).toBe('2.5 s');
    expect(root.querySelector('.version').textContent).toBe('0.4.0');
    expect(root.querySelector('.heartbeat').textContent).toContain('12 of 15000');
    expect(root.querySelector('lightning-formatted-date-time').value).toBe(
      '2026-11-22T09:00:00.000Z',
    );
    expect(root.querySelector('.paused')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows the latest drift audit the heartbeat carries, or that none ran yet', async () => {
    getConnectorHealth.mockResolvedValue([
      connector({
        state: 'running',
        version: '0.4.0',
        audit: {
          finishedAt: '2026-11-22T02:00:00.000Z',
          pairsChecked: 12000,
          pairsDiffering: 3,
          goneLinks: 1,
          unlinkedMatches: 2,
          incomplete: 0,
        },
      }),
    ]);
    const element = await render();
    expect(element.shadowRoot.querySelector('.audit').textContent).toBe(
      '12,000 pairs checked, 3 differing, 1 with a side gone, 2 unlinked matches at 2026-11-22T02:00:00.000Z',
    );

    getConnectorHealth.mockResolvedValue([connector({ state: 'running', version: '0.4.0' })]);
    const fresh = await render();
    expect(fresh.shadowRoot.querySelector('.audit').textContent).toBe('No audit yet');
  });

  it('sends the Audit command from the Run audit button and says so', async () => {
    getConnectorHealth.mockResolvedValue([connector({ state: 'running', version: '0.4.0' })]);
    sendCommand.mockResolvedValue('Audit');
    const element = await render();
    expect(element.shadowRoot.querySelector('.audit-sent')).toBeNull();

    element.shadowRoot.querySelector('lightning-button.run-audit').click();
    await flushPromises();

    expect(sendCommand).toHaveBeenCalledWith({
      command: 'Audit',
      mappingName: null,
      recordIds: [],
    });
    expect(element.shadowRoot.querySelector('.audit-sent').textContent).toBe(
      'Audit sent to the connector. The summary updates with its next heartbeat.',
    );
    expect(element.shadowRoot.querySelector('lightning-button.run-audit').disabled).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('shows a refused Audit command in the error panel', async () => {
    getConnectorHealth.mockResolvedValue([connector({ state: 'running', version: '0.4.0' })]);
    sendCommand.mockRejectedValue({
      body: { message: 'You need the WP_Sync_Admin custom permission' },
    });
    const element = await render();

    element.shadowRoot.querySelector('lightning-button.run-audit').click();
    await flushPromises();

    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toEqual({
      body: { message: 'You need the WP_Sync_Admin custom permission' },
    });
    expect(element.shadowRoot.querySelector('.audit-sent')).toBeNull();
  });

  it('names the pausing user by id when the connector could not read the name', async () => {
    getConnectorHealth.mockResolvedValue([
      connector({
        state: 'paused',
        pausedBy: '005000000000001AAA',
        pausedAt: '2026-12-06T09:30:00.000Z',
      }),
    ]);
    const element = await render();

    expect(element.shadowRoot.querySelector('.paused-by').textContent).toBe(
      'Paused by 005000000000001AAA',
    );
  });

  it('shows who paused the connector and since when', async () => {
    getConnectorHealth.mockResolvedValue([
      connector({
        state: 'paused',
        pausedBy: '005000000000001AAA',
        pausedByName: 'Ada Lovelace',
        pausedAt: '2026-12-06T09:30:00.000Z',
        lagMs: 0,
      }),
    ]);
    const element = await render();

    const root = element.shadowRoot;
    expect(root.querySelector('.slds-badge').textContent).toBe('paused');
    expect(root.querySelector('.slds-badge').className).toContain('slds-theme_warning');
    expect(root.querySelector('.paused-by').textContent).toBe('Paused by Ada Lovelace');
    expect(root.querySelector('.paused-at').value).toBe('2026-12-06T09:30:00.000Z');
    await expect(element).toBeAccessible();
  });

  it('says "someone" when a paused heartbeat names nobody', async () => {
    getConnectorHealth.mockResolvedValue([connector({ state: 'paused' })]);
    const element = await render();

    expect(element.shadowRoot.querySelector('.paused-by').textContent).toBe('Paused by someone');
    expect(element.shadowRoot.querySelector('.paused-at')).toBeNull();
  });

  it('reports a stopped connector, small lag and missing data plainly', async () => {
    getConnectorHealth.mockResolvedValue([
      connector({
        state: 'throttled',
        reason: 'API allowance used up',
        lagMs: 40,
        apiUsage: { used: 9, limit: 100 },
      }),
    ]);
    const element = await render();
    const root = element.shadowRoot;
    expect(root.querySelector('.slds-badge').className).toContain('slds-theme_warning');
    expect(root.querySelector('.lag').textContent).toBe('40 ms');
    expect(root.querySelector('.reason').textContent).toBe('API allowance used up');
    expect(root.querySelector('.heartbeat').textContent).toContain('9 of 100');

    getConnectorHealth.mockResolvedValue([connector('{broken')]);
    element.shadowRoot.querySelector('lightning-button-icon').click();
    await flushPromises();
    expect(root.querySelector('.reason').textContent).toBe('Unreadable heartbeat: {broken');
    expect(root.querySelector('.lag').textContent).toBe('no events applied yet');
    expect(root.querySelector('.version').textContent).toBe('unknown');
    expect(root.querySelector('.heartbeat').textContent).toContain('not reported');
  });

  it('re-reads the heartbeat on a timer and stops when removed', async () => {
    jest.useFakeTimers();
    getConnectorHealth.mockResolvedValue([connector({ state: 'running', version: '1' })]);
    const element = createElement('c-wp-sync-connection-health', { is: WpSyncConnectionHealth });
    document.body.appendChild(element);
    expect(getConnectorHealth).toHaveBeenCalledTimes(1);

    getConnectorHealth.mockResolvedValue([connector({ state: 'running', version: '2' })]);
    jest.advanceTimersByTime(POLL_MS);
    expect(getConnectorHealth).toHaveBeenCalledTimes(2);
    await Promise.resolve();
    await Promise.resolve();
    expect(element.shadowRoot.querySelector('.version').textContent).toBe('2');

    document.body.removeChild(element);
    jest.advanceTimersByTime(POLL_MS * 3);
    expect(getConnectorHealth).toHaveBeenCalledTimes(2);
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

  it('shows the package version, and the plugin version the heartbeat reports', async () => {
    getConnectorHealth.mockResolvedValue([
      connector({ state: 'running', version: '0.1.0', pluginVersion: '0.1.2' }),
    ]);
    const element = await render();

    const root = element.shadowRoot;
    expect(getPackageVersion).toHaveBeenCalledTimes(1);
    expect(root.querySelector('.package-version').textContent).toBe('0.1.0');
    expect(root.querySelector('.plugin-version').textContent).toBe('0.1.2');
    expect(root.querySelector('.version-warning')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('leaves the plugin version out when an older connector does not report it', async () => {
    getConnectorHealth.mockResolvedValue([connector({ state: 'running', version: '0.1.0' })]);
    const element = await render();

    expect(element.shadowRoot.querySelector('.plugin-version')).toBeNull();
    expect(element.shadowRoot.querySelector('.heartbeat').textContent).not.toContain(
      'WordPress plugin',
    );
  });

  it("shows the connector's version warning prominently", async () => {
    const warning =
      'The WordPress plugin is 1.0.0 but the connector is 0.1.0: major versions differ.';
    getConnectorHealth.mockResolvedValue([
      connector({
        state: 'running',
        version: '0.1.0',
        pluginVersion: '1.0.0',
        versionWarning: warning,
      }),
    ]);
    const element = await render();

    const alert = element.shadowRoot.querySelector('.version-warning');
    expect(alert).not.toBeNull();
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe(warning);
    await expect(element).toBeAccessible();
  });

  it('warns by itself when the connector and package majors differ and the heartbeat says nothing', async () => {
    getPackageVersion.mockResolvedValue('1.0.0');
    getConnectorHealth.mockResolvedValue([connector({ state: 'running', version: '0.4.0' })]);
    const element = await render();

    expect(element.shadowRoot.querySelector('.version-warning').textContent).toBe(
      'The connector runs 0.4.0 and this Salesforce package is 1.0.0: they are not compatible releases. Upgrade the older one.',
    );
  });

  it('before 1.0, counts a minor version as a major one (semantic versioning’s 0.y.z), as the connector does', async () => {
    getPackageVersion.mockResolvedValue('0.3.0');
    getConnectorHealth.mockResolvedValue([connector({ state: 'running', version: '0.1.0' })]);
    const element = await render();

    expect(element.shadowRoot.querySelector('.version-warning').textContent).toContain(
      'they are not compatible releases',
    );
  });

  it('does not warn about a blank warning, a shared release line or an unreadable version', async () => {
    getPackageVersion.mockResolvedValue('0.1.4');
    getConnectorHealth.mockResolvedValue([
      connector({ state: 'running', version: '0.1.0', versionWarning: '  ' }),
    ]);
    const element = await render();
    expect(element.shadowRoot.querySelector('.version-warning')).toBeNull();

    getConnectorHealth.mockResolvedValue([connector({ state: 'running', version: 'dev' })]);
    element.shadowRoot.querySelector('lightning-button-icon').click();
    await flushPromises();
    expect(element.shadowRoot.querySelector('.version-warning')).toBeNull();
  });

  it('says the package version is unknown when it cannot be read', async () => {
    getPackageVersion.mockRejectedValue({
      body: { message: 'No access to WPSyncAdminController' },
    });
    const element = await render();

    expect(element.shadowRoot.querySelector('.package-version').textContent).toBe('unknown');
    expect(element.shadowRoot.querySelector('c-wp-sync-error-panel').errors).toBeDefined();
  });

  it('shows errors from the limits and heartbeat calls in the error panel', async () => {
    getApiUsage.mockRejectedValue({ body: { message: 'No limits for you' } });
    getConnectorHealth.mockRejectedValue({ body: { message: 'Insufficient access' } });

    const element = await render();

    const panel = element.shadowRoot.querySelector('c-wp-sync-error-panel');
    expect(panel.errors).toBeDefined();
  });
});
