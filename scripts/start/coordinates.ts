/** What the running demo writes to `.sfwp/demo.json` for `demo:change` and the banner. */
import type { DemoCoordinates } from './demo-file.js';
import type { DemoOrg } from './emulator.js';
import type { DemoWordPress } from './wordpress.js';

export function demoCoordinates(parts: {
  site: DemoWordPress;
  org: DemoOrg;
  status: { port: number; token: string };
  logFile: string;
}): DemoCoordinates {
  const { site, org, status } = parts;
  const { emulator } = org;
  return {
    version: 1,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    wordpress: {
      url: site.target.url,
      adminUrl: site.adminUrl,
      ...(site.admin ? { admin: site.admin } : {}),
      changes: site.changes,
    },
    salesforce: {
      instanceUrl: emulator.instanceUrl,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      admin: emulator.credentials.admin,
      certificatePem: emulator.httpsCertificatePem ?? '',
      sampleContactIds: org.sampleContactIds,
    },
    connector: { statusUrl: `http://127.0.0.1:${String(status.port)}`, token: status.token },
    logFile: parts.logFile,
  };
}
