/**
 * Loads the unmodified salesforce-pubsub-api-client and connects it to an emulator.
 * (avro-js 1.12.2, which the client imports, requires `underscore` without declaring it;
 * the project depends on underscore for that reason, see toolchain.md.)
 */
import type PubSubApiClient from 'salesforce-pubsub-api-client';

type ClientClass = typeof PubSubApiClient;

let clientClass: ClientClass | undefined;

export async function loadPubSubClient(): Promise<ClientClass> {
  if (clientClass === undefined) {
    const imported = await import('salesforce-pubsub-api-client');
    clientClass = imported.default;
  }
  return clientClass;
}

/** A logger that keeps the client's chatter out of the test output. */
export const quietLogger = {
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (): void => undefined,
  error: (): void => undefined,
};

export async function connectClient(
  endpoint: string,
  accessToken: string,
  instanceUrl: string,
  organizationId: string,
): Promise<PubSubApiClient> {
  const Client = await loadPubSubClient();
  const client = new Client(
    {
      authType: 'user-supplied',
      pubSubEndpoint: endpoint,
      accessToken,
      instanceUrl,
      organizationId,
      // toolchain.md: the emulator's certificate is self-signed.
      rejectUnauthorizedSsl: false,
    },
    quietLogger,
  );
  await client.connect();
  return client;
}

/** An event as the client hands it to the subscribe callback. */
export interface ReceivedEvent {
  id: string;
  schemaId: string;
  replayId: number;
  payload: Record<string, unknown>;
}

/** The parts of a gRPC error the tests look at. */
export interface ReceivedError {
  code?: number;
  details?: string;
  metadata?: { get(key: string): unknown[] };
}

/** Records what a subscription's callback receives and waits for conditions on it. */
export class SubscriptionRecorder {
  readonly events: ReceivedEvent[] = [];
  readonly errors: ReceivedError[] = [];
  keepalives = 0;
  lastEvents = 0;
  ended = false;
  /** `lastReplayId` as the client tracks it (from latest_replay_id). */
  lastReplayId: number | null = null;
  private readonly waiters = new Set<() => void>();

  readonly callback = (
    info: { lastReplayId: number | null },
    callbackType: string,
    data?: unknown,
  ): void => {
    this.lastReplayId = info.lastReplayId;
    switch (callbackType) {
      case 'event':
        this.events.push(data as ReceivedEvent);
        break;
      case 'lastEvent':
        this.lastEvents += 1;
        break;
      case 'grpcKeepAlive':
        this.keepalives += 1;
        break;
      case 'error':
        this.errors.push(data as ReceivedError);
        break;
      case 'end':
        this.ended = true;
        break;
      default:
        break;
    }
    for (const waiter of [...this.waiters]) {
      waiter();
    }
  };

  /** Resolves once `condition` holds; rejects after `timeoutMs`. */
  waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
    if (condition()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (condition()) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out: ${this.events.length} events, ${this.errors.length} errors, ${this.keepalives} keepalives`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}

/** The `error-code` trailer of an error the client reported. */
export function errorCodeOf(error: ReceivedError | undefined): unknown {
  return error?.metadata?.get('error-code')[0];
}
