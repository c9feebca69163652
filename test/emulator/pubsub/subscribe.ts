/**
 * The Subscribe RPC: one pull subscription per bidirectional stream.
 *
 * platform-facts.md, Pub/Sub API:
 * - num_requested capped at 100 per Subscribe call (flow-control.ts);
 * - every FetchResponse carries pending_num_requested;
 * - when idle, an empty FetchResponse with latest_replay_id at least every 270 s (keepaliveMs);
 * - ReplayPreset LATEST (default) / EARLIEST / CUSTOM, honoured only in the first FetchRequest;
 *   a different topic later gets INVALID_ARGUMENT;
 * - an invalid or expired replay id gets `…fetch.replayid.corrupted` in the trailers.
 * platform-facts.md, Platform Events, "Ordering": events go out in replay id order.
 */
import { randomUUID } from 'node:crypto';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { BusEvent } from '../contracts.js';
import { authenticate } from './auth.js';
import type { OpenStream, ServerContext } from './context.js';
import { ErrorKinds, pubSubError, type PubSubErrorKind } from './errors.js';
import { toConsumerEvent } from './event-encoder.js';
import { FlowControl } from './flow-control.js';
import {
  ReplayPreset,
  type ConsumerEvent,
  type FetchRequest,
  type FetchResponse,
} from './messages.js';
import { EMPTY_TOPIC_REPLAY_ID, REPLAY_ID_BYTES } from './replay-id.js';
import { SubscriptionRecorder } from './subscription-stats.js';

/**
 * platform-facts.md, Platform Events, "Size": 4 MB is the gRPC hard limit, 3 MB the advice for a
 * PublishRequest. Reading chosen: a FetchResponse stops adding events once its payloads reach 3 MB.
 */
const MAX_RESPONSE_PAYLOAD_BYTES = 3 * 1024 * 1024;

type SubscribeCall = ServerDuplexStream<FetchRequest, FetchResponse>;

export function handleSubscribe(context: ServerContext, call: SubscribeCall): void {
  const rpcId = randomUUID();
  if (authenticate(call.metadata, context.tokens) === undefined) {
    call.emit('error', pubSubError(ErrorKinds.auth, rpcId, 'Subscribe'));
    return;
  }
  new Subscription(context, call, rpcId).start();
}

class Subscription implements OpenStream {
  private readonly flow = new FlowControl();
  private topic: string | undefined;
  /** The replay id of the last event delivered; undefined: start at the earliest retained. */
  private cursor: Buffer | undefined;
  private unsubscribe: (() => void) | undefined;
  private keepalive: NodeJS.Timeout | undefined;
  private pumpScheduled = false;
  private closed = false;
  private readonly recorder: SubscriptionRecorder;

  constructor(
    private readonly context: ServerContext,
    private readonly call: SubscribeCall,
    private readonly rpcId: string,
  ) {
    this.recorder = new SubscriptionRecorder(rpcId);
  }

  start(): void {
    this.context.streams.add(this);
    this.context.subscriptions.add(this.recorder);
    this.call.on('data', (request: FetchRequest) => {
      this.onRequest(request);
    });
    // The client half-closed: finish with OK, as toolchain.md advises (call.end()).
    this.call.on('end', () => {
      this.end();
    });
    this.call.on('cancelled', () => {
      this.close();
    });
    this.call.on('error', () => {
      this.close();
    });
  }

  end(): void {
    if (!this.closed) {
      this.close();
      this.call.end();
    }
  }

  drop(): void {
    this.fail(ErrorKinds.unavailable);
  }

  private onRequest(request: FetchRequest): void {
    if (this.closed) {
      return;
    }
    if (request.numRequested < 0) {
      this.fail(ErrorKinds.requestedEventsInvalid);
      return;
    }
    if (this.topic === undefined) {
      if (!this.begin(request)) {
        return;
      }
    } else if (request.topicName !== '' && request.topicName !== this.topic) {
      this.fail(ErrorKinds.topicMismatch);
      return;
    }
    this.flow.request(request.numRequested);
    this.recorder.request(request.numRequested, this.flow.pending);
    this.pump();
  }

  /** The first FetchRequest: topic and starting point. False when the stream was failed. */
  private begin(request: FetchRequest): boolean {
    const topic = request.topicName;
    if (this.context.catalog.forTopic(topic) === undefined) {
      this.fail(ErrorKinds.notFound, `Topic ${topic} does not exist or is not accessible.`);
      return false;
    }
    const bus = this.context.bus;
    switch (request.replayPreset) {
      case ReplayPreset.EARLIEST:
        this.cursor = undefined;
        break;
      case ReplayPreset.CUSTOM: {
        const start = this.customStart(topic, request.replayId);
        if (start === 'invalid') {
          return false;
        }
        this.cursor = start;
        break;
      }
      default:
        this.cursor = bus.latestReplayId(topic);
    }
    this.topic = topic;
    this.recorder.topic(topic);
    this.unsubscribe = bus.onPublish((event) => {
      this.onPublish(event);
    });
    this.armKeepalive();
    return true;
  }

  private customStart(topic: string, replayId: Buffer): Buffer | undefined | 'invalid' {
    if (replayId.length !== REPLAY_ID_BYTES) {
      this.fail(ErrorKinds.replayIdValidation);
      return 'invalid';
    }
    if (this.context.rejectNextCustomReplayId) {
      this.context.rejectNextCustomReplayId = false;
      this.fail(ErrorKinds.replayIdCorrupted);
      return 'invalid';
    }
    const bus = this.context.bus;
    // Accepted: the id of a retained event. An expired id is refused even when it is the newest
    // the topic had (platform-facts.md: no guarantee beyond 72 h). The zero id that keepalives
    // carry on a topic that never had an event starts at its beginning.
    if (bus.isRetained(topic, replayId)) {
      return replayId;
    }
    if (bus.latestReplayId(topic) === undefined && replayId.equals(EMPTY_TOPIC_REPLAY_ID)) {
      return undefined;
    }
    this.fail(ErrorKinds.replayIdCorrupted);
    return 'invalid';
  }

  private onPublish(event: BusEvent): void {
    if (event.topic === this.topic && this.flow.pending > 0 && !this.pumpScheduled) {
      this.pumpScheduled = true;
      setImmediate(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    }
  }

  /** Sends what is requested and available, in replay id order. */
  private pump(): void {
    const topic = this.topic;
    if (this.closed || topic === undefined) {
      return;
    }
    const schema = this.context.catalog.forTopic(topic);
    if (schema === undefined) {
      this.fail(ErrorKinds.notFound, `Topic ${topic} no longer exists.`);
      return;
    }
    while (this.flow.pending > 0) {
      const available = this.context.bus.read(topic, this.cursor, this.flow.pending);
      if (available.length === 0) {
        return;
      }
      const events: ConsumerEvent[] = [];
      let bytes = 0;
      for (const event of available) {
        const consumerEvent = toConsumerEvent(event, schema);
        bytes += consumerEvent.event.payload.length;
        if (events.length > 0 && bytes > MAX_RESPONSE_PAYLOAD_BYTES) {
          break;
        }
        events.push(consumerEvent);
      }
      const last = events.at(-1);
      if (last === undefined) {
        return;
      }
      this.flow.take(events.length);
      this.cursor = last.replayId;
      this.recorder.deliver(events.length, this.flow.pending);
      this.send({
        events,
        latestReplayId: last.replayId,
        rpcId: this.rpcId,
        pendingNumRequested: this.flow.pending,
      });
    }
  }

  private send(response: FetchResponse): void {
    this.call.write(response);
    this.armKeepalive();
  }

  /** An empty FetchResponse after keepaliveMs without any other response. */
  private armKeepalive(): void {
    clearTimeout(this.keepalive);
    this.keepalive = setTimeout(() => {
      const topic = this.topic;
      if (this.closed || topic === undefined) {
        return;
      }
      this.send({
        events: [],
        latestReplayId: this.context.bus.latestReplayId(topic) ?? EMPTY_TOPIC_REPLAY_ID,
        rpcId: this.rpcId,
        pendingNumRequested: this.flow.pending,
      });
    }, this.context.keepaliveMs);
    this.keepalive.unref();
  }

  private fail(kind: PubSubErrorKind, detail?: string): void {
    if (this.closed) {
      return;
    }
    this.close();
    this.call.emit('error', pubSubError(kind, this.rpcId, 'Subscribe', detail));
  }

  private close(): void {
    this.closed = true;
    this.recorder.close();
    clearTimeout(this.keepalive);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.context.streams.delete(this);
  }
}
