import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import {
  FlowControlledSubscription,
  type ReceivedEvent,
  type SubscriptionFailure,
} from '../salesforce/event-subscription.js';
import type { SalesforceSession } from '../salesforce/session.js';
import type { StateStore } from '../store/state-store.js';
import { ReplayTracker } from './replay-tracker.js';
import { backoffDelay } from '../engine/retry-policy.js';
import { connectPubSub } from '../salesforce/pubsub-connection.js';

export const SYNC_TOPIC = '/event/WP_Sync_Event__e';

export interface IntakeOptions {
  session: SalesforceSession;
  store: StateStore;
  logger: Logger;
  endpoint: string;
  verifyTls: boolean;
  maxInFlight: number;
  /** Does the work of one event; resolves when its outcome is durable. */
  handle(payload: Record<string, unknown>, sourceEvent: string): Promise<void>;
  /** The stored replay id is past retention: bring WordPress up to date another way. */
  reconcile(): Promise<void>;
  /** A new Pub/Sub client (after start or reconnect), e.g. for publishing results. */
  onClient(client: PubSubApiClient): void;
  onProblem(message: string | undefined): void;
  /** Commands from the admin app, one at a time; their replay position is stored too. */
  commands?: {
    topic: string;
    handle(payload: Record<string, unknown>, sourceEvent: string): Promise<void>;
  };
}

export const checkpointName = (topic: string): string => `replay:${topic}`;

/** How long a finished event waits before its replay position is stored. */
const COMMIT_DELAY_MS = 200;

/**
 * The Salesforce → connector half of the pipeline: a flow-controlled Pub/Sub subscription whose
 * replay position is stored only once every earlier event is durable, and which reconnects
 * (renewing the token when it was refused) without applying any event twice.
 */
export class SalesforceIntake {
  private readonly tracker = new ReplayTracker<number>((left, right) => left - right);
  /** Replay ids past the committed position received by this process (redelivery guard). */
  private readonly received = new Set<number>();
  private commitTimer: NodeJS.Timeout | undefined;
  private subscription: FlowControlledSubscription | undefined;
  private commandSubscription: FlowControlledSubscription | undefined;
  private committed: number | undefined;
  private stopping = false;
  private reconnecting = false;
  private failures = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: IntakeOptions) {
    const stored = options.store.getCheckpoint(checkpointName(SYNC_TOPIC));
    this.committed = stored === undefined ? undefined : Number(stored);
  }

  get replayPosition(): number | undefined {
    return this.committed;
  }

  get unfinished(): number {
    return this.inFlight.size;
  }

  async start(): Promise<void> {
    await this.subscribe(this.committed === undefined ? 'earliest' : { after: this.committed });
  }

  /** Stops asking for events and lets in-flight work finish (or gives up after `timeoutMs`). */
  async stop(timeoutMs = 30_000): Promise<void> {
    this.stopping = true;
    this.commandSubscription?.detach();
    await Promise.race([Promise.all([...this.inFlight]), delay(timeoutMs)]);
    this.subscription?.detach();
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    this.commit();
  }

  private async subscribe(position: { after: number } | 'earliest'): Promise<void> {
    const client = await connectPubSub(
      this.options.session,
      this.options.endpoint,
      this.options.verifyTls,
      this.options.logger,
    );
    this.options.onClient(client);
    // A replaced stream must not feed events any more: its in-flight work finishes on its own.
    this.subscription?.detach();
    const subscription: FlowControlledSubscription = new FlowControlledSubscription(
      client,
      SYNC_TOPIC,
      this.options.maxInFlight,
      {
        onEvent: (event) => {
          this.receive(event, subscription);
        },
        onFailure: (failure) => {
          this.fail(failure, subscription);
        },
        onEnd: () => {
          if (subscription === this.subscription) this.scheduleReconnect(false);
        },
      },
    );
    this.subscription = subscription;
    subscription.start(position);
    this.options.logger.info({ topic: SYNC_TOPIC, position }, 'subscribed');
    if (this.options.commands) this.subscribeCommands(client, this.options.commands);
  }

  private subscribeCommands(
    client: PubSubApiClient,
    commands: NonNullable<IntakeOptions['commands']>,
  ): void {
    const store = this.options.store;
    const stored = store.getCheckpoint(checkpointName(commands.topic));
    // Commands are for now: a first start does not replay the command history.
    const position = stored === undefined ? 'latest' : { after: Number(stored) };
    let last = stored === undefined ? Number.NEGATIVE_INFINITY : Number(stored);
    let queue = Promise.resolve();
    const subscription: FlowControlledSubscription = new FlowControlledSubscription(
      client,
      commands.topic,
      1,
      {
        onEvent: (event) => {
          if (event.replayId <= last) {
            subscription.release(1);
            return;
          }
          last = event.replayId;
          queue = queue
            .then(() => commands.handle(event.payload, String(event.replayId)))
            .catch((error: unknown) => {
              this.options.logger.error({ err: error }, 'command handling crashed');
            })
            .finally(() => {
              store.setCheckpoint(checkpointName(commands.topic), String(event.replayId));
              if (!this.stopping) subscription.release(1);
            });
        },
        onFailure: (failure) => {
          this.options.logger.warn(
            { topic: commands.topic, failure },
            'command subscription failed',
          );
        },
      },
    );
    this.commandSubscription?.detach();
    this.commandSubscription = subscription;
    subscription.start(position);
  }

  private receive(event: ReceivedEvent, from: FlowControlledSubscription): void {
    // Not by a high-water mark: the client may hand over a later batch before an earlier one.
    if (
      (this.committed !== undefined && event.replayId <= this.committed) ||
      this.received.has(event.replayId)
    ) {
      // Re-delivered after a reconnect: already applied or in flight.
      from.release(1);
      return;
    }
    this.received.add(event.replayId);
    this.failures = 0;
    const ticket = this.tracker.receive(event.replayId);
    const work = this.options
      .handle(event.payload, String(event.replayId))
      .catch((error: unknown) => {
        // handle() dead-letters record problems itself; reaching here is a bug worth shouting about.
        this.options.logger.fatal(
          { err: error, replayId: event.replayId },
          'event handling crashed',
        );
      })
      .finally(() => {
        this.inFlight.delete(work);
        this.tracker.complete(ticket);
        this.scheduleCommit();
        if (!this.stopping) from.release(1);
      });
    this.inFlight.add(work);
  }

  /**
   * Commits a moment later rather than at once: an earlier event the client is still handing
   * over (see `receive`) then holds the position back instead of being passed.
   */
  private scheduleCommit(): void {
    this.commitTimer ??= setTimeout(() => {
      this.commitTimer = undefined;
      this.commit();
    }, COMMIT_DELAY_MS);
  }

  private commit(): void {
    const position = this.tracker.committablePosition();
    if (position === undefined || position === this.committed) return;
    for (const replayId of this.received) if (replayId <= position) this.received.delete(replayId);
    const store = this.options.store;
    store.transaction(() => {
      store.setCheckpoint(checkpointName(SYNC_TOPIC), String(position));
      // Where a reconciliation starts looking if this replay id ever expires.
      store.setCheckpoint('last-commit-at', new Date().toISOString());
    });
    this.committed = position;
  }

  private fail(failure: SubscriptionFailure, from: FlowControlledSubscription): void {
    if (from !== this.subscription || this.stopping) return;
    switch (failure.kind) {
      case 'undecodable-event':
        this.options.logger.error(
          { replayId: failure.replayId, reason: failure.message },
          'undecodable event',
        );
        void this.options.handle(
          { Undecodable__c: failure.message },
          String(failure.replayId ?? 'unknown'),
        );
        return;
      case 'replay-expired':
        this.options.logger.warn(
          { position: this.committed, reason: failure.message },
          'stored replay id expired; reconciling',
        );
        void this.recoverFromExpiredReplay();
        return;
      case 'authentication':
        this.options.onProblem(`Salesforce refused the Pub/Sub session: ${failure.message}`);
        this.scheduleReconnect(true);
        return;
      case 'stream':
        this.options.logger.warn({ reason: failure.message }, 'Pub/Sub stream failed');
        this.scheduleReconnect(false);
    }
  }

  private async recoverFromExpiredReplay(): Promise<void> {
    try {
      await this.options.reconcile();
      this.committed = undefined;
      this.options.store.setCheckpoint('reconciled-at', new Date().toISOString());
      await this.subscribe('earliest');
    } catch (error) {
      this.options.logger.error({ err: error }, 'reconciliation failed; will retry');
      this.options.onProblem(`Reconciliation failed: ${(error as Error).message}`);
      await delay(backoffDelay(++this.failures, { baseMs: 2000 }));
      if (!this.stopping) void this.recoverFromExpiredReplay();
    }
  }

  private scheduleReconnect(renewToken: boolean): void {
    if (this.stopping || this.reconnecting) return;
    this.reconnecting = true;
    void (async () => {
      while (!this.stopping) {
        await delay(backoffDelay(++this.failures, { baseMs: 500, maxMs: 30_000 }));
        try {
          if (renewToken) await this.options.session.refresh();
          await this.subscribe(
            this.committed === undefined ? 'earliest' : { after: this.committed },
          );
          this.options.onProblem(undefined);
          break;
        } catch (error) {
          this.options.onProblem(
            `Reconnecting to the Pub/Sub API failed: ${(error as Error).message}`,
          );
          this.options.logger.warn({ err: error }, 'reconnect failed; will retry');
        }
      }
      this.reconnecting = false;
    })();
  }
}
