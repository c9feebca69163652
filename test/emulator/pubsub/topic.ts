/** The GetTopic and GetSchema RPCs. */
import { randomUUID } from 'node:crypto';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { authenticate } from './auth.js';
import type { ServerContext } from './context.js';
import { ErrorKinds, pubSubError } from './errors.js';
import type { SchemaInfo, SchemaRequest, TopicInfo, TopicRequest } from './messages.js';

export function handleGetTopic(
  context: ServerContext,
  call: ServerUnaryCall<TopicRequest, TopicInfo>,
  callback: sendUnaryData<TopicInfo>,
): void {
  const rpcId = randomUUID();
  const session = authenticate(call.metadata, context.tokens);
  if (session === undefined) {
    callback(pubSubError(ErrorKinds.auth, rpcId, 'GetTopic'));
    return;
  }
  const { topicName } = call.request;
  const schema = context.catalog.forTopic(topicName);
  if (schema === undefined) {
    callback(
      pubSubError(
        ErrorKinds.notFound,
        rpcId,
        'GetTopic',
        `Topic ${topicName} does not exist or is not accessible.`,
      ),
    );
    return;
  }
  callback(null, {
    topicName,
    tenantGuid: session.orgId,
    canPublish: true,
    canSubscribe: true,
    schemaId: schema.id,
    rpcId,
  });
}

export function handleGetSchema(
  context: ServerContext,
  call: ServerUnaryCall<SchemaRequest, SchemaInfo>,
  callback: sendUnaryData<SchemaInfo>,
): void {
  const rpcId = randomUUID();
  if (authenticate(call.metadata, context.tokens) === undefined) {
    callback(pubSubError(ErrorKinds.auth, rpcId, 'GetSchema'));
    return;
  }
  const { schemaId } = call.request;
  const schema = context.catalog.byIdentifier(schemaId);
  if (schema === undefined) {
    callback(
      pubSubError(ErrorKinds.notFound, rpcId, 'GetSchema', `Schema ${schemaId} is unknown.`),
    );
    return;
  }
  callback(null, { schemaJson: schema.json, schemaId: schema.id, rpcId });
}
