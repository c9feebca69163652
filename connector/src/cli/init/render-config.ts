import type { ConfigInput } from '../../config/index.js';
import type { CredentialSource, InitAnswers } from './init-answers.js';

const quote = (value: string): string => JSON.stringify(value);

function reference(source: CredentialSource): string {
  return 'env' in source ? `{ env: ${quote(source.env)} }` : `{ file: ${quote(source.file)} }`;
}

/** The answers as the object the config schema validates. */
export function toConfigInput(answers: InitAnswers): ConfigInput {
  const auth: Record<string, unknown> = {
    method: answers.authMethod,
    clientId: answers.clientId,
    ...(answers.username === undefined ? {} : { username: answers.username }),
    ...(answers.privateKey === undefined ? {} : { privateKey: answers.privateKey }),
    ...(answers.clientSecret === undefined ? {} : { clientSecret: answers.clientSecret }),
    ...(answers.password === undefined ? {} : { password: answers.password }),
    ...(answers.refreshToken === undefined ? {} : { refreshToken: answers.refreshToken }),
  };
  return {
    salesforce: {
      loginUrl: answers.loginUrl,
      auth: auth as NonNullable<ConfigInput['salesforce']>['auth'],
    },
    wordpress: {
      url: answers.wordpressUrl,
      username: answers.wordpressUsername,
      applicationPassword: answers.applicationPassword,
    },
    store: { path: answers.storePath },
  };
}

const AUTH_COMMENTS: Record<InitAnswers['authMethod'], string> = {
  jwt: 'JWT bearer flow: the connected app holds your certificate; the key below signs the assertion.',
  'client-credentials': "Client credentials flow: the app's run-as user is the integration user.",
  'refresh-token': 'Refresh token from `sfwp auth login` (web-server flow with PKCE).',
  password: 'Username-password flow (legacy; prefer jwt).',
};

/** A commented `sfwp.config.yaml` holding the answers; credentials only as references. */
export function renderConfig(answers: InitAnswers, writtenAt: Date): string {
  const auth: string[] = [
    `    # ${AUTH_COMMENTS[answers.authMethod]}`,
    `    method: ${quote(answers.authMethod)}`,
    '    # Consumer key of the connected app (or external client app).',
    `    clientId: ${quote(answers.clientId)}`,
  ];
  if (answers.username !== undefined) {
    auth.push('    # The integration user the connector acts as.');
    auth.push(`    username: ${quote(answers.username)}`);
  }
  if (answers.privateKey !== undefined) {
    auth.push('    # PEM private key matching the certificate uploaded to the connected app.');
    auth.push(`    privateKey: ${reference(answers.privateKey)}`);
  }
  if (answers.clientSecret !== undefined) {
    auth.push('    # Consumer secret of the connected app.');
    auth.push(`    clientSecret: ${reference(answers.clientSecret)}`);
  }
  if (answers.password !== undefined) {
    auth.push("    # The integration user's password followed by its security token.");
    auth.push(`    password: ${reference(answers.password)}`);
  }
  if (answers.refreshToken !== undefined) {
    auth.push('    # Written by `sfwp auth login`; keep the file or variable private.');
    auth.push(`    refreshToken: ${reference(answers.refreshToken)}`);
  }
  return `# sfwp connector configuration, written by \`sfwp init\` on ${writtenAt.toISOString()}.
# Check it with \`sfwp config check\`. Environment variables override these settings (see
# docs/OPERATIONS.md). Credentials are never written here: each is read from an environment
# variable ({ env: NAME }) or a file ({ file: PATH }) when the connector starts.

salesforce:
  # production, sandbox, or your My Domain URL (https://acme.my.salesforce.com).
  loginUrl: ${quote(answers.loginUrl)}
  # REST and SOQL API version.
  apiVersion: "65.0"
  auth:
${auth.join('\n')}
  # Pub/Sub API endpoint (host:port).
  # pubSubEndpoint: "api.pubsub.salesforce.com:7443"

wordpress:
  # The site address; REST requests go to <url>/wp-json/.
  url: ${quote(answers.wordpressUrl)}
  # The WordPress user the connector writes as (an administrator or a role with the needed capabilities).
  username: ${quote(answers.wordpressUsername)}
  # Application password of that user (Users → Profile → Application Passwords).
  applicationPassword: ${reference(answers.applicationPassword)}
  # Writes to WordPress at once.
  # concurrency: 4
  # Secret shared with the companion plugin (connector/wordpress-plugin/sfwp), at least 32
  # characters (openssl rand -hex 32): signs the connector's own writes, so they are not synced
  # back, and the plugin's webhook pings. The connector gives it to the plugin at start unless
  # wp-config.php defines SFWP_SHARED_SECRET.
  # sharedSecret: { env: "WP_SHARED_SECRET" }

changeFeed:
  # WordPress → Salesforce through the companion plugin's change feed.
  enabled: true
  # Short poll interval in seconds; a webhook ping wakes the reader at once.
  pollSeconds: 5
  # Where WordPress can reach this connector's /webhook/wordpress (the status server).
  # webhookUrl: "http://127.0.0.1:9465/webhook/wordpress"

store:
  # SQLite state: id map, replay positions, dead letters. Keep it on a persistent disk, and
  # back it up with the rest of the server.
  path: ${quote(answers.storePath)}

server:
  # /healthz and /metrics; keep them on a loopback address.
  host: "127.0.0.1"
  port: 9465
  # Bearer token for /healthz, /metrics and \`sfwp status\`. Unset: the connector generates one
  # at start and writes it (mode 0600) to status-token next to the state database.
  # token: { env: "SFWP_STATUS_TOKEN" }

sync:
  # Pub/Sub flow control: events received or requested but not yet applied (at most 1000; the
  # Pub/Sub API is never asked for more than 100 at a time).
  maxInFlightEvents: 400
  # Different records written at once (200 fill one bulk write request); events of one record
  # always apply in order.
  recordConcurrency: 200
  # After the 72-hour replay window, reconcile by SystemModstamp from this many hours before
  # the last checkpoint.
  reconciliationLookbackHours: 24
  heartbeatSeconds: 60
  # Attempts at a transient failure before the record goes to the dead-letter table.
  maxAttempts: 8

log:
  # trace, debug, info, warn, error or fatal.
  level: "info"
`;
}
