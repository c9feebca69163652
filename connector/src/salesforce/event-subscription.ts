import type PubSubApiClient from 'salesforce-pubsub-api-client';

/** An event as the Pub/Sub client hands it over, decoded from Avro. */
export interface ReceivedEvent {
  replayId: number;
  eventUuid: string | undefined;
  payload: Record<string, unknown>;
}

/** Where a subscription starts. */
export type StartPosition = { after: number } | 'earliest' | 'latest';

/** The Pub/Sub API reports an unknown or expired replay id with this error code (platform-facts). */
export const REPLAY_ID_CORRUPTED =
  'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted';

export type SubscriptionFailure =
  | { kind: 'replay-expired'; message: string }
  /** One event could not be decoded; the stream goes on. It must be dead-lettered, not lost. */
  | { kind: 'undecodable-event'; message: string; replayId: number | undefined }
  | { kind: 'authentication'; message: string }
  | { kind: 'stream'; message: string };

export interface SubscriptionHandlers {
  /** Each event must later be released with `release()` once its work is durable. */
  onEvent(event: ReceivedEvent): void;
  onFailure(failure: SubscriptionFailure): void;
  onEnd?(): void;
  onKeepalive?(latestReplayId: number | null): void;
}

type PubSubClient = Pick<
  PubSubApiClient,
  'subscribe' | 'subscribeFromEarliestEvent' | 'subscribeFromReplayId' | 'requestAdditionalEvents'
>;

interface GrpcLikeError {
  code?: number;
  details?: string;
  message?: string;
  metadata?: { get(key: string): unknown[] };
}

const UNAUTHENTICATED = 16;

function classify(error: unknown): SubscriptionFailure {
  const grpc = (error ?? {}) as GrpcLikeError;
  const message = grpc.details ?? grpc.message ?? String(error);
  const code = grpc.metadata?.get('error-code')[0];
  if (code === REPLAY_ID_CORRUPTED) return { kind: 'replay-expired', message };
  if (grpc.code === UNAUTHENTICATED) return { kind: 'authentication', message };
  return { kind: 'stream', message };
}

/** The Pub/Sub API's cap on events requested and not yet delivered, per Subscribe stream. */
export const MAX_REQUESTED = 100;

/** The largest window a subscription may hold (requested plus delivered and unreleased). */
export const MAX_WINDOW = 1000;

/**
 * A Pub/Sub subscription whose demand follows downstream capacity. It never has more than
 * `maxInFlight` events requested-but-undelivered plus delivered-but-unreleased, so a slow
 * WordPress slows intake instead of filling memory; of those, at most 100 are ever requested and
 * undelivered (the API's cap), so a window above 100 holds delivered events while more are asked
 * for. (The client resets its own counters on every additional request, so the accounting lives
 * here.)
 */
export class FlowControlledSubscription {
  private requested = 0;
  private inFlight = 0;
  private started = false;
  private detached = false;

  constructor(
    private readonly client: PubSubClient,
    private readonly topic: string,
    private readonly maxInFlight: number,
    private readonly handlers: SubscriptionHandlers,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > MAX_WINDOW) {
      throw new RangeError(`maxInFlight must be 1–${MAX_WINDOW}, got ${maxInFlight}`);
    }
  }

  /** Events delivered and not yet released. */
  get unreleased(): number {
    return this.inFlight;
  }

  /** Events requested from the server and not yet delivered. */
  get outstanding(): number {
    return this.requested;
  }

  start(position: StartPosition): void {
    if (this.started) throw new Error(`Subscription to ${this.topic} already started`);
    this.started = true;
    const first = Math.min(this.maxInFlight, MAX_REQUESTED);
    this.requested = first;
    const callback = (
      info: { lastReplayId?: number | null },
      type: string,
      data?: unknown,
    ): void => {
      this.dispatch(info, type, data);
    };
    if (position === 'earliest')
      this.client.subscribeFromEarliestEvent(this.topic, callback, first);
    else if (position === 'latest') this.client.subscribe(this.topic, callback, first);
    else this.client.subscribeFromReplayId(this.topic, callback, first, position.after);
  }

  /**
   * Stops handing anything to the handlers and asking for more. The client is deliberately not
   * closed: its close() drops the stream listeners, and a later server-side error on the still
   * open stream would then crash the process (toolchain.md). A stopping process just exits.
   */
  detach(): void {
    this.detached = true;
  }

  /** Marks events as done and asks the server for as many more as there is room for. */
  release(count = 1): void {
    if (this.detached) return;
    if (count > this.inFlight)
      throw new Error(`Released ${count} events but only ${this.inFlight} are in flight`);
    this.inFlight -= count;
    this.askForMore();
  }

  /** Asks the server for as many events as the window and the API's cap leave room for. */
  private askForMore(): void {
    if (this.detached) return;
    const room = Math.min(
      this.maxInFlight - this.inFlight - this.requested,
      MAX_REQUESTED - this.requested,
    );
    // Ask in chunks rather than one by one, but never let demand run dry. A window above the
    // cap asks for 100 at a time: the server then hands them over together, and records
    // arriving together share WordPress requests.
    const chunk =
      this.maxInFlight > MAX_REQUESTED ? MAX_REQUESTED : Math.ceil(this.maxInFlight / 4);
    if (room > 0 && (room >= chunk || this.requested === 0)) {
      this.requested += room;
      this.client.requestAdditionalEvents(this.topic, room);
    }
  }

  private dispatch(info: { lastReplayId?: number | null }, type: string, data: unknown): void {
    if (this.detached) return;
    switch (type) {
      case 'event': {
        const event = data as { id?: string; replayId: number; payload: Record<string, unknown> };
        this.requested = Math.max(0, this.requested - 1);
        this.inFlight++;
        this.handlers.onEvent({
          replayId: event.replayId,
          eventUuid: event.id,
          payload: event.payload,
        });
        // A window above the API's cap is filled while earlier events are still being worked on.
        this.askForMore();
        break;
      }
      case 'grpcKeepAlive':
        this.handlers.onKeepalive?.(info.lastReplayId ?? null);
        break;
      case 'error': {
        // The client's EventParseError sets no `name`; it is recognised by its class and fields.
        const parseFailure = data as
          { replayId?: number; message?: string; latestReplayId?: unknown } | undefined;
        if (
          parseFailure?.constructor.name === 'EventParseError' ||
          (parseFailure && 'latestReplayId' in parseFailure)
        ) {
          this.requested = Math.max(0, this.requested - 1);
          this.handlers.onFailure({
            kind: 'undecodable-event',
            message: parseFailure.message ?? 'event could not be decoded',
            replayId: parseFailure.replayId,
          });
          break;
        }
        this.handlers.onFailure(classify(data));
        break;
      }
      case 'end':
        this.handlers.onEnd?.();
        break;
      default:
        // 'lastEvent' (the window we asked for is used up) and 'grpcStatus' need no action.
        break;
    }
  }
}
