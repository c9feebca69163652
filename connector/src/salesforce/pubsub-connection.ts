import type { Logger } from 'pino';
import PubSubApiClient from 'salesforce-pubsub-api-client';
import type { SalesforceSession } from './session.js';

/** Opens a Pub/Sub API client with the session's current token (the client cannot swap tokens). */
export async function connectPubSub(
  session: SalesforceSession,
  endpoint: string,
  verifyTls: boolean,
  logger: Logger,
): Promise<PubSubApiClient> {
  const clientLogger = logger.child({ component: 'pubsub-client' }, { level: 'warn' });
  const client = new PubSubApiClient(
    {
      authType: 'user-supplied',
      accessToken: session.accessToken(),
      instanceUrl: session.instanceUrl(),
      organizationId: session.organizationId,
      pubSubEndpoint: endpoint,
      rejectUnauthorizedSsl: verifyTls,
    },
    {
      debug: () => undefined,
      info: () => undefined,
      warn: (...args: unknown[]) => {
        clientLogger.warn(args.map(String).join(' '));
      },
      error: (...args: unknown[]) => {
        clientLogger.error(args.map(String).join(' '));
      },
    },
  );
  await client.connect();
  return client;
}
