import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type PubSubApiClient from 'salesforce-pubsub-api-client';

export const RESULT_TOPIC = '/event/WP_Sync_Result__e';

export type ResultStatus = 'Success' | 'Failed' | 'Skipped' | 'Conflict' | 'Heartbeat';

/** One `WP_Sync_Result__e`: what happened to one record, or a heartbeat. */
export interface SyncResult {
  mapping: string | undefined;
  recordId: string | undefined;
  wordpressId: number | undefined;
  direction: 'SalesforceToWordPress' | 'WordPressToSalesforce' | undefined;
  status: ResultStatus;
  message: string;
  /** Replay id or UUID of the event the result answers. */
  sourceEvent: string | undefined;
}

export interface ResultPublisherOptions {
  /** Results per Pub/Sub publish; the API recommends at most 200 (platform-facts). */
  maxBatch?: number;
  /** How long a partial batch may wait. */
  flushMs?: number;
  /** Results kept while Salesforce cannot take them; beyond this the oldest are dropped, loudly. */
  maxQueued?: number;
  /** How long to wait for Salesforce to confirm a batch. */
  confirmTimeoutMs?: number;
  /**
   * A client with a fresh access token, for when Pub/Sub refuses the current one
   * (UNAUTHENTICATED): the client cannot swap tokens, and the subscription's stream may well
   * outlive its token without reconnecting.
   */
  renewClient?: () => Promise<Publisher>;
}

/** gRPC status 16: the access token was refused (expired or revoked). */
function isUnauthenticated(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (/\bUNAUTHENTICATED\b/.test(cause.message) || (cause as { code?: unknown }).code === 16) {
      return true;
    }
  }
  return false;
}

type Publisher = Pick<PubSubApiClient, 'publish'>;

/** A publish that failed part-way: which results of the batch Salesforce did not confirm. */
class UnconfirmedResultsError extends Error {
  constructor(
    cause: unknown,
    readonly unconfirmed: number[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'UnconfirmedResultsError';
  }
}

/** Publish calls in flight at once. */
const PUBLISH_CONCURRENCY = 8;

/**
 * `WP_Sync_Result__e.Message__c` is a Long Text Area(32768) (force-app): the org refuses a
 * longer value (STRING_TOO_LONG), and a refused result would stay queued for ever.
 */
export const RESULT_MESSAGE_LENGTH = 32_768;

/** Avro unions of the event's nullable text fields, as the client encodes them. */
function text(value: string | undefined, maxLength = 131_072): { string: string } | null {
  return value === undefined || value === '' ? null : { string: value.slice(0, maxLength) };
}

/**
 * Publishes sync results to Salesforce over the Pub/Sub API in batches, so reporting costs no
 * REST API calls. The package's result trigger turns them into WP_Sync_Log__c rows and record
 * stamps. Batches go one at a time, each as unary Publish calls a few at a time.
 */
export class ResultPublisher {
  private queue: SyncResult[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private readonly maxBatch: number;
  private readonly flushMs: number;
  private readonly maxQueued: number;
  private readonly confirmTimeoutMs: number;

  constructor(
    private client: Publisher,
    private readonly userId: string,
    private readonly logger: Logger,
    options: ResultPublisherOptions = {},
  ) {
    this.maxBatch = Math.min(200, options.maxBatch ?? 200);
    this.flushMs = options.flushMs ?? 250;
    this.maxQueued = options.maxQueued ?? 20_000;
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 15_000;
    this.renewClient = options.renewClient;
  }

  private readonly renewClient: (() => Promise<Publisher>) | undefined;

  /** Switches to a new client, e.g. after the access token was renewed. */
  private closed = false;

  useClient(client: Publisher): void {
    this.client = client;
  }

  /** Stops the timers; results still queued stay unsent (dead letters keep every failure). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get queued(): number {
    return this.queue.length;
  }

  add(result: SyncResult): void {
    this.queue.push(result);
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxQueued);
      this.logger.error(
        { dropped: dropped.length },
        'result queue full: oldest results dropped (dead letters keep every failure)',
      );
    }
    if (this.closed) return;
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Sends everything queued; resolves when Salesforce confirmed it or the attempt failed. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.sending = this.sending.then(async () => {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.publish(batch);
        } catch (error) {
          // Keep the unconfirmed ones for the next flush; the sync itself does not depend on reporting.
          this.queue.unshift(
            ...(error instanceof UnconfirmedResultsError
              ? error.unconfirmed.flatMap((index) => batch.slice(index, index + 1))
              : batch),
          );
          this.logger.warn(
            { err: error, results: batch.length },
            'publishing sync results failed; will retry',
          );
          if (this.renewClient && isUnauthenticated(error)) await this.renew(this.renewClient);
          if (!this.timer && !this.closed)
            this.timer = setTimeout(() => void this.flush(), Math.max(this.flushMs, 2000));
          return;
        }
      }
    });
    return this.sending;
  }

  private async renew(renewClient: () => Promise<Publisher>): Promise<void> {
    try {
      this.client = await renewClient();
      this.logger.info('Pub/Sub refused the access token: renewed it for publishing results');
    } catch (error) {
      this.logger.warn({ err: error }, 'renewing the token for publishing results failed');
    }
  }

  private publish(batch: SyncResult[]): Promise<void> {
    const events = batch.map((result) => ({
      id: randomUUID(),
      payload: {
        CreatedDate: Date.now(),
        CreatedById: this.userId,
        Mapping__c: text(result.mapping),
        Record_Id__c: text(result.recordId),
        WP_Id__c: text(result.wordpressId === undefined ? undefined : String(result.wordpressId)),
        Direction__c: text(result.direction),
        Status__c: text(result.status),
        Message__c: text(result.message, RESULT_MESSAGE_LENGTH),
        Source_Event__c: text(result.sourceEvent),
      },
    }));
    return this.publishAll(events);
  }

  /**
   * Unary Publish calls, a few at a time. The client's publishBatch keeps a PublishStream that
   * has no error listener while it looks up the topic, so a stream refused then (a revoked
   * token) crashes the process with an unhandled 'error' event; unary calls cannot.
   */
  private async publishAll(
    events: { id: string; payload: Record<string, unknown> }[],
  ): Promise<void> {
    const confirmed = new Set<number>();
    const deadline = new Promise<never>((_resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `Salesforce confirmed ${String(confirmed.size)} of ${String(events.length)} results in time`,
          ),
        );
      }, this.confirmTimeoutMs);
      timer.unref();
    });
    deadline.catch(() => undefined);
    const sending = (async () => {
      for (let start = 0; start < events.length; start += PUBLISH_CONCURRENCY) {
        await Promise.all(
          events.slice(start, start + PUBLISH_CONCURRENCY).map(async (event, offset) => {
            await this.client.publish(RESULT_TOPIC, event.payload, event.id);
            confirmed.add(start + offset);
          }),
        );
      }
    })();
    try {
      await Promise.race([sending, deadline]);
    } catch (error) {
      sending.catch(() => undefined);
      throw new UnconfirmedResultsError(
        error,
        events.map((_event, index) => index).filter((index) => !confirmed.has(index)),
      );
    }
  }
}
