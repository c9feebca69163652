/**
 * The messages of the official `pubsub_api.proto` as @grpc/proto-loader presents them with the
 * options in proto.ts (camelCase fields, bytes as Buffer, enums as numbers, defaults filled in).
 */

/** `ReplayPreset` (platform-facts.md, Pub/Sub API: LATEST=0 default, EARLIEST=1, CUSTOM=2). */
export const ReplayPreset = { LATEST: 0, EARLIEST: 1, CUSTOM: 2 } as const;

/** `ErrorCode` of a PublishResult. */
export const PublishErrorCode = { UNKNOWN: 0, PUBLISH: 1, COMMIT: 2 } as const;

export interface TopicRequest {
  topicName: string;
}

export interface TopicInfo {
  topicName: string;
  tenantGuid: string;
  canPublish: boolean;
  canSubscribe: boolean;
  schemaId: string;
  rpcId: string;
}

export interface SchemaRequest {
  schemaId: string;
}

export interface SchemaInfo {
  schemaJson: string;
  schemaId: string;
  rpcId: string;
}

export interface ProducerEvent {
  id: string;
  schemaId: string;
  payload: Buffer;
  headers: { key: string; value: Buffer }[];
}

export interface ConsumerEvent {
  event: ProducerEvent;
  replayId: Buffer;
}

export interface PublishRequest {
  topicName: string;
  events: ProducerEvent[];
  authRefresh: string;
}

export interface PublishResult {
  replayId?: Buffer;
  error?: { code: number; msg: string };
  correlationKey: string;
}

export interface PublishResponse {
  results: PublishResult[];
  schemaId: string;
  rpcId: string;
}

export interface FetchRequest {
  topicName: string;
  replayPreset: number;
  replayId: Buffer;
  numRequested: number;
  authRefresh: string;
}

export interface FetchResponse {
  events: ConsumerEvent[];
  latestReplayId: Buffer;
  rpcId: string;
  pendingNumRequested: number;
}
