/**
 * gRPC errors shaped like the Pub/Sub API's: a status code, a description ending in
 * `rpcId: <uuid>`, and the trailers `error-code` (when the API documents one) and `rpc-id`.
 *
 * platform-facts.md, Pub/Sub API: the corrupted replay id error carries
 * `sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted` in the error trailers.
 * The trailer key `error-code`, the `rpcId:` suffix, INVALID_ARGUMENT for that error and the other
 * codes below are from Salesforce's "Handle Errors" page of the Pub/Sub API guide, which
 * platform-facts.md does not summarise: each is marked with the reading chosen.
 */
import { Metadata, status } from '@grpc/grpc-js';

export interface PubSubErrorKind {
  code: status;
  /** The `error-code` trailer; undefined when the API's code for this case is not documented. */
  errorCode: string | undefined;
  message: string;
}

export const ErrorKinds = {
  /**
   * platform-facts.md (Pub/Sub API: auth is metadata accesstoken/instanceurl/tenantid) says
   * nothing of the failure. Reading chosen: UNAUTHENTICATED with the "Handle Errors" code
   * `…service.auth.error` and its description.
   */
  auth: {
    code: status.UNAUTHENTICATED,
    errorCode: 'sfdc.platform.eventbus.grpc.service.auth.error',
    message:
      'An authentication exception occurred. Provide valid authentication via metadata headers.',
  },
  /** platform-facts.md, Pub/Sub API, "Retry Long-Lived RPC Calls"; status per "Handle Errors". */
  replayIdCorrupted: {
    code: status.INVALID_ARGUMENT,
    errorCode: 'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted',
    message:
      'The Replay ID validation failed. Ensure that the replay_id field value in FetchRequest is valid and refers to an event that is within the retention window.',
  },
  /** CUSTOM without an 8-byte replay id. Reading chosen ("Handle Errors"; unverified). */
  replayIdValidation: {
    code: status.INVALID_ARGUMENT,
    errorCode: 'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.validation.failed',
    message: 'The Replay ID validation failed. A CUSTOM replay preset needs a replay_id.',
  },
  /** A negative num_requested. Reading chosen ("Handle Errors"; unverified). */
  requestedEventsInvalid: {
    code: status.INVALID_ARGUMENT,
    errorCode: 'sfdc.platform.eventbus.grpc.subscription.fetch.requested.events.invalid',
    message: 'The number of requested events must be positive.',
  },
  /** platform-facts.md, Pub/Sub API: a different topic in a later FetchRequest. */
  topicMismatch: {
    code: status.INVALID_ARGUMENT,
    errorCode: undefined,
    message: 'The topic name in a later FetchRequest must match the first one.',
  },
  /** An unknown topic or schema. Reading chosen: NOT_FOUND, no error code (unverified). */
  notFound: {
    code: status.NOT_FOUND,
    errorCode: undefined,
    message: 'Not found',
  },
  /**
   * platform-facts.md, Platform Events, "Size": ≤200 events per PublishRequest is the
   * recommendation. Reading chosen: enforce it with INVALID_ARGUMENT, so code that exceeds it
   * fails in tests rather than in production.
   */
  publishBatchTooLarge: {
    code: status.INVALID_ARGUMENT,
    errorCode: undefined,
    message: 'A PublishRequest can carry at most 200 events.',
  },
  /** The `dropStreams()` fault: "Handle Errors" lists UNAVAILABLE and `…service.unavailable`. */
  unavailable: {
    code: status.UNAVAILABLE,
    errorCode: 'sfdc.platform.eventbus.grpc.service.unavailable',
    message: 'The service is unavailable. Try again later.',
  },
} as const satisfies Record<string, PubSubErrorKind>;

export interface PubSubStatus {
  code: status;
  details: string;
  metadata: Metadata;
}

export function pubSubError(
  kind: PubSubErrorKind,
  rpcId: string,
  rpcName: string,
  detail?: string,
): PubSubStatus {
  const metadata = new Metadata();
  if (kind.errorCode !== undefined) {
    metadata.set('error-code', kind.errorCode);
  }
  metadata.set('rpc-id', rpcId);
  metadata.set('type', rpcName);
  const message = detail === undefined ? kind.message : `${kind.message} ${detail}`;
  return { code: kind.code, details: `${message} rpcId: ${rpcId}`, metadata };
}
