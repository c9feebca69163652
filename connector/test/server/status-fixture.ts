import type { ConnectorStatus } from '../../src/engine/status.js';

/** A running connector's status, with `overrides` merged at the top level. */
export function connectorStatus(overrides: Partial<ConnectorStatus> = {}): ConnectorStatus {
  return {
    state: 'running',
    version: '0.1.0',
    startedAt: '2026-11-22T09:00:00.000Z',
    salesforce: {
      instanceUrl: 'https://acme.my.salesforce.com',
      replayPositions: { '/event/WP_Sync_Event__e': '00000000000004d2' },
      apiUsage: { used: 1200, limit: 15000 },
    },
    wordpress: { url: 'https://blog.example.org' },
    intake: { inFlight: 3, lagMs: 1500, eventsApplied: 42 },
    deadLetters: { open: 2 },
    mappings: {
      loaded: ['Contact_User', 'Account_Organization'],
      skipped: [{ mapping: 'Lead_Post', message: 'field Lead.Foo__c does not exist' }],
    },
    ...overrides,
  };
}
