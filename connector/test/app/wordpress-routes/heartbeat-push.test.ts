import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { heartbeatOf, pushHeartbeat } from '../../../src/app/wordpress-routes/heartbeat-push.js';
import type { ConnectorHeartbeat } from '../../../src/wordpress/companion-plugin.js';
import { connectorStatus } from '../../server/status-fixture.js';

describe('the heartbeat pushed to the companion plugin', () => {
  it('carries what the wp-admin status page shows', () => {
    const now = new Date('2026-12-01T10:00:00.000Z');
    expect(heartbeatOf(connectorStatus({ state: 'throttled', reason: 'API limit' }), now)).toEqual({
      state: 'throttled',
      version: '0.1.0',
      reason: 'API limit',
      lagMs: 1500,
      inFlight: 3,
      deadLettersOpen: 2,
      mappings: ['Contact_User', 'Account_Organization'],
      instanceUrl: 'https://acme.my.salesforce.com',
      sentAt: '2026-12-01T10:00:00.000Z',
    });
  });

  it('sends it, and a plugin that refuses it does not fail the connector', async () => {
    const sent: ConnectorHeartbeat[] = [];
    const logger = pino({ level: 'silent' });
    pushHeartbeat(
      { heartbeat: (beat) => Promise.resolve(void sent.push(beat)) },
      connectorStatus(),
      logger,
    );
    let refused = false;
    pushHeartbeat(
      {
        heartbeat: () => {
          refused = true;
          return Promise.reject(new Error('rest_no_route'));
        },
      },
      connectorStatus(),
      logger,
    );
    pushHeartbeat({}, connectorStatus(), logger);
    await new Promise((done) => setImmediate(done));
    expect(sent.map((beat) => beat.state)).toEqual(['running']);
    expect(refused).toBe(true);
  });

  it('hands on the published forms the plugin answers with', async () => {
    const answered: unknown[] = [];
    const forms = [
      { id: 7, title: 'Contact us', fields: [{ name: 'email', label: 'Email', type: 'email' }] },
    ];
    pushHeartbeat(
      { heartbeat: () => Promise.resolve(forms) },
      connectorStatus(),
      pino({ level: 'silent' }),
      (received) => answered.push(received),
    );
    pushHeartbeat(
      { heartbeat: () => Promise.resolve(undefined) },
      connectorStatus(),
      pino({ level: 'silent' }),
      (received) => answered.push(received),
    );
    await new Promise((done) => setImmediate(done));
    expect(answered).toEqual([forms]);
  });
});
