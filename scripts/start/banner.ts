/** What `npm start` prints once the demo is up: where everything is and how to poke it. */
import type { DemoCoordinates } from './demo-file.js';

export interface BannerInput {
  coordinates: DemoCoordinates;
  /** The demo file's path as the user should read it (relative when it is under the cwd). */
  demoFile: string;
  /** The connector configuration `npm run sfwp` finds, as the user should read it. */
  configFile: string;
  logFile: string;
  startupMs: number;
}

export function renderBanner(input: BannerInput): string {
  const { wordpress, salesforce, connector } = input.coordinates;
  const admin = wordpress.admin
    ? `user ${wordpress.admin.username}  password ${wordpress.admin.password}`
    : '(your own login)';
  const changesAs = wordpress.changes.isConnectorUser
    ? `${wordpress.changes.username} (the connector's user)`
    : wordpress.changes.username;
  return `
sfwp demo: Salesforce org emulator ⇄ connector ⇄ real WordPress (up in ${(input.startupMs / 1000).toFixed(1)} s)

  WordPress        ${wordpress.url}
  WordPress admin  ${wordpress.adminUrl}  ${admin}
  Salesforce       ${salesforce.instanceUrl}  org emulator, self-signed certificate
                   admin ${salesforce.admin.username}  password ${salesforce.admin.password}  security token ${salesforce.admin.securityToken}
  Connector        ${connector.statusUrl}/healthz  and /metrics  (bearer token ${connector.token})
                   curl -H 'Authorization: Bearer ${connector.token}' ${connector.statusUrl}/healthz

  In a second terminal, make a change and watch it arrive in the live log below:
    npm run demo:change -- salesforce             a sample Contact's LastName, in Salesforce
    npm run demo:change -- wordpress              its WordPress user's last name (as ${changesAs})
    npm run demo:change -- salesforce --create    a new Contact (--email, --last-name to choose)

  The connector's command line finds the demo (${input.configFile}):
    npm run sfwp -- status                        state, lag, replay position, dead letters
    npm run sfwp -- dlq list                      records that failed, with the reason

  Coordinates: ${input.demoFile}   Full JSON log: ${input.logFile}
  Ctrl-C stops everything.
`;
}
