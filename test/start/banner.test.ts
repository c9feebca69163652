import { describe, expect, it } from 'vitest';
import { renderBanner } from '../../scripts/start/banner.js';
import type { DemoCoordinates } from '../../scripts/start/demo-file.js';

const coordinates: DemoCoordinates = {
  version: 1,
  pid: 4242,
  startedAt: '2026-11-22T10:42:00.000Z',
  wordpress: {
    url: 'http://127.0.0.1:8881',
    adminUrl: 'http://127.0.0.1:8881/wp-admin/',
    admin: { username: 'admin', password: 'local-admin-pw' },
    changes: { username: 'editor', applicationPassword: 'editor app pw', isConnectorUser: false },
  },
  salesforce: {
    instanceUrl: 'https://127.0.0.1:8882',
    clientId: 'client-id',
    clientSecret: 'client-secret',
    admin: { username: 'admin@sfwp.emulator', password: 'admin-pw', securityToken: 'TOKEN' },
    certificatePem: '-----BEGIN CERTIFICATE-----',
    sampleContactIds: ['0035g000000000FAAQ'],
  },
  connector: { statusUrl: 'http://127.0.0.1:9465', token: 'status-token-value' },
  logFile: '/tmp/demo.log',
};

describe('the demo banner', () => {
  it('says where everything is, with the logins the demo is meant to show', () => {
    const text = renderBanner({
      coordinates,
      demoFile: '.sfwp/demo.json',
      configFile: '.sfwp/demo-connector.yaml',
      logFile: '.sfwp/demo.log',
      startupMs: 4321,
    });
    expect(text).toContain('(up in 4.3 s)');
    expect(text).toContain(
      'WordPress admin  http://127.0.0.1:8881/wp-admin/  user admin  password local-admin-pw',
    );
    expect(text).toContain('admin admin@sfwp.emulator  password admin-pw  security token TOKEN');
    expect(text).toContain('http://127.0.0.1:9465/healthz');
    expect(text).toContain("curl -H 'Authorization: Bearer status-token-value'");
    expect(text).toContain('npm run demo:change -- salesforce');
    expect(text).toContain('(as editor)');
    expect(text).toContain(
      "The connector's command line finds the demo (.sfwp/demo-connector.yaml)",
    );
    expect(text).toContain('npm run sfwp -- status');
    // Not for the banner: the connected app's secret, application passwords, the certificate.
    for (const hidden of ['client-secret', 'editor app pw', 'BEGIN CERTIFICATE']) {
      expect(text).not.toContain(hidden);
    }
  });

  it('does not invent a login for a WordPress it did not start', () => {
    const { url, adminUrl, changes } = coordinates.wordpress;
    const text = renderBanner({
      coordinates: {
        ...coordinates,
        wordpress: {
          url,
          adminUrl,
          changes: { ...changes, username: 'sfwp', isConnectorUser: true },
        },
      },
      demoFile: 'demo.json',
      configFile: 'demo-connector.yaml',
      logFile: 'demo.log',
      startupMs: 1000,
    });
    expect(text).toContain('http://127.0.0.1:8881/wp-admin/  (your own login)');
    expect(text).toContain("(as sfwp (the connector's user))");
  });
});
