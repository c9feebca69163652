/**
 * The Publish and PublishStream RPCs: Avro-decode each ProducerEvent with the topic's schema,
 * check it against the event's fields (payload-checks.ts: text length) and append it to the
 * bus, answering per event with its replay id or an error.
 *
 * platform-facts.md, Platform Events, "Size": ≤200 events per PublishRequest (errors.ts for the
 * reading chosen). The correlation key of each result is the ProducerEvent's id.
 */
import { randomUUID } from 'node:crypto';
import type { sendUnaryData, ServerDuplexStream, ServerUnaryCall } from '@grpc/grpc-js';
import type { SessionInfo } from '../contracts.js';
import { decodePayload } from './avro-schema.js';
import { authenticate } from './auth.js';
import { payloadProblem } from './payload-checks.js';
import type { ServerContext } from './context.js';
import { ErrorKinds, pubSubError, type PubSubStatus } from './errors.js';
import {
  PublishErrorCode,
  type PublishRequest,
  type PublishResponse,
  type PublishResult,
} from './messages.js';

export const MAX_EVENTS_PER_PUBLISH = 200;

export function handlePublish(
  context: ServerContext,
  call: ServerUnaryCall<PublishRequest, PublishResponse>,
  callback: sendUnaryData<PublishResponse>,
): void {
  const rpcId = randomUUID();
  const session = authenticate(call.metadata, context.tokens);
  if (session === undefined) {
    callback(pubSubError(ErrorKinds.auth, rpcId, 'Publish'));
    return;
  }
  const outcome = publishBatch(context, session, call.request, rpcId, 'Publish');
  if ('code' in outcome) {
    callback(outcome);
  } else {
    callback(null, outcome);
  }
}

export function handlePublishStream(
  context: ServerContext,
  call: ServerDuplexStream<PublishRequest, PublishResponse>,
): void {
  const rpcId = randomUUID();
  const session = authenticate(call.metadata, context.tokens);
  if (session === undefined) {
    call.emit('error', pubSubError(ErrorKinds.auth, rpcId, 'PublishStream'));
    return;
  }
  let topic: string | undefined;
  let closed = false;
  const stream = {
    end: () => {
      close();
      call.end();
    },
    drop: () => {
      fail(pubSubError(ErrorKinds.unavailable, rpcId, 'PublishStream'));
    },
  };
  const close = (): void => {
    closed = true;
    context.streams.delete(stream);
  };
  const fail = (error: PubSubStatus): void => {
    if (!closed) {
      close();
      call.emit('error', error);
    }
  };
  context.streams.add(stream);
  call.on('data', (request: PublishRequest) => {
    if (closed) {
      return;
    }
    // Same rule as Subscribe: the first request names the topic, later ones may only repeat it.
    const requested = request.topicName === '' ? topic : request.topicName;
    if (topic !== undefined && requested !== topic) {
      fail(pubSubError(ErrorKinds.topicMismatch, rpcId, 'PublishStream'));
      return;
    }
    topic = requested;
    const outcome = publishBatch(
      context,
      session,
      { ...request, topicName: requested ?? '' },
      rpcId,
      'PublishStream',
    );
    if ('code' in outcome) {
      fail(outcome);
    } else {
      call.write(outcome);
    }
  });
  call.on('end', () => {
    if (!closed) {
      stream.end();
    }
  });
  call.on('cancelled', close);
  call.on('error', close);
}

function publishBatch(
  context: ServerContext,
  session: SessionInfo,
  request: PublishRequest,
  rpcId: string,
  rpcName: string,
): PublishResponse | PubSubStatus {
  const schema = context.catalog.forTopic(request.topicName);
  if (schema === undefined) {
    return pubSubError(
      ErrorKinds.notFound,
      rpcId,
      rpcName,
      `Topic ${request.topicName} does not exist or is not accessible.`,
    );
  }
  const object = context.catalog.objectOf(request.topicName);
  if (request.events.length > MAX_EVENTS_PER_PUBLISH) {
    return pubSubError(ErrorKinds.publishBatchTooLarge, rpcId, rpcName);
  }
  const results = request.events.map((event): PublishResult => {
    const correlationKey = event.id;
    if (event.schemaId !== schema.id) {
      return failed(correlationKey, `Schema ${event.schemaId} is not the topic's current schema.`);
    }
    let payload: Record<string, unknown>;
    try {
      payload = decodePayload(schema, event.payload);
    } catch (error) {
      return failed(correlationKey, `The payload does not match the schema: ${String(error)}`);
    }
    const problem = object === undefined ? undefined : payloadProblem(object, payload);
    if (problem !== undefined) {
      return failed(correlationKey, problem);
    }
    const published = context.bus.publish(request.topicName, payload, session);
    return { replayId: published.replayId, correlationKey };
  });
  return { results, schemaId: schema.id, rpcId };
}

function failed(correlationKey: string, msg: string): PublishResult {
  return { error: { code: PublishErrorCode.PUBLISH, msg }, correlationKey };
}
