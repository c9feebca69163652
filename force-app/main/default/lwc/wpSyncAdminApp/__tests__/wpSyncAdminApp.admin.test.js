import { createElement } from 'lwc';
import WpSyncAdminApp from 'c/wpSyncAdminApp';

jest.mock(
  '@salesforce/apex/WPSyncAdminController.getMappings',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminController.getApiUsage',
  () => ({ default: jest.fn(() => Promise.resolve([])) }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/WPSyncAdminController.getSyncLog',
  () => ({
    default: jest.fn(() => Promise.resolve({ records: [], total: 0, pageNumber: 1, pageSize: 20 })),
  }),
  { virtual: true },
);
jest.mock('@salesforce/apex/WPSyncAdminController.sendCommand', () => ({ default: jest.fn() }), {
  virtual: true,
});

describe('c-wp-sync-admin-app (sync admin)', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('lets a sync admin edit everything', async () => {
    const element = createElement('c-wp-sync-admin-app', { is: WpSyncAdminApp });
    document.body.appendChild(element);
    await Promise.resolve();

    const root = element.shadowRoot;
    expect(root.querySelector('h1').textContent).toBe('WordPress Sync');
    expect(root.querySelector('c-wp-sync-actions').canEdit).toBe(true);
    expect(root.querySelector('c-wp-sync-mapping-list').canEdit).toBe(true);
    expect(root.querySelector('c-wp-sync-log').canEdit).toBe(true);
    expect(root.querySelector('c-wp-sync-connection-health')).not.toBeNull();
    expect(root.querySelector('.read-only-notice') !== null).toBe(false);
    await expect(element).toBeAccessible();
  });
});
