/**
 * Contracts between the parts of the org emulator that are built separately: the org
 * (schema, records, OAuth, REST) and the event bus with its Pub/Sub gRPC front end.
 * Change them only together with both sides.
 */

/** Salesforce field types the emulator understands (describe `type` values, lower camel). */
export type SalesforceFieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'url'
  | 'phone'
  | 'picklist'
  | 'multipicklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference';

export interface EmulatorField {
  /** API name, e.g. `WP_Id__c`. */
  name: string;
  label: string;
  type: SalesforceFieldType;
  /** Characters for text types. */
  length?: number;
  /** Must be given on create (nillable false and no default). */
  required: boolean;
  externalId: boolean;
  unique: boolean;
  referenceTo?: string[];
  picklistValues?: string[];
  /** A restricted picklist: values outside `picklistValues` are refused (describe `restrictedPicklist`). */
  restrictedPicklist?: boolean;
  /** Long text area and similar (not filterable in SOQL WHERE). */
  filterable: boolean;
}

export type EmulatorObjectKind = 'standard' | 'custom' | 'platformEvent' | 'customMetadata';

export interface EmulatorObject {
  /** API name, e.g. `Contact`, `WP_Sync_Event__e`, `WP_Object_Mapping__mdt`. */
  name: string;
  label: string;
  kind: EmulatorObjectKind;
  /** Three-character id prefix, e.g. `003` for Contact. */
  keyPrefix: string;
  fields: EmulatorField[];
  /** Platform events only. */
  publishBehavior?: 'PublishAfterCommit' | 'PublishImmediately';
}

export interface SchemaRegistry {
  getObject(apiName: string): EmulatorObject | undefined;
  listObjects(): EmulatorObject[];
}

/** Who a valid access token belongs to. */
export interface SessionInfo {
  userId: string;
  orgId: string;
  username: string;
  instanceUrl: string;
}

export interface AccessTokenVerifier {
  /** The session for a live token; undefined when unknown, expired or revoked. */
  verify(accessToken: string): SessionInfo | undefined;
}

/** One event as stored on the bus. */
export interface BusEvent {
  topic: string;
  /** Opaque 8-byte big-endian replay id. */
  replayId: Buffer;
  eventUuid: string;
  /** Field values by API name, plus CreatedDate and CreatedById. */
  payload: Record<string, unknown>;
  publishedAt: Date;
}

export interface EventBus {
  /** Appends an event to the topic (`/event/WP_Sync_Event__e`) and notifies subscribers. */
  publish(topic: string, payload: Record<string, unknown>, publisher: SessionInfo): BusEvent;
  /** Events after `afterReplayId` (or from the earliest retained one), oldest first. */
  read(topic: string, afterReplayId: Buffer | undefined, limit: number): BusEvent[];
  /** The newest replay id on the topic, or undefined when it has none. */
  latestReplayId(topic: string): Buffer | undefined;
  /** True when the replay id was issued by this bus and is still within retention. */
  isRetained(topic: string, replayId: Buffer): boolean;
  /** Called for every event published after subscribing; returns an unsubscribe function. */
  onPublish(listener: (event: BusEvent) => void): () => void;
  close(): Promise<void>;
}

export interface EventBusOptions {
  /** Events persist here across restarts when given. */
  dataDir?: string;
  /** How long events stay replayable; 72 h by default (platform-facts: Event Message Durability). */
  retentionMs?: number;
  now?: () => number;
}

/** Fault switches for the Pub/Sub front end, used by reliability tests. */
export interface PubSubFaults {
  /** Ends every open Subscribe stream with UNAVAILABLE. */
  dropStreams(): void;
  /** Makes the next Subscribe with a CUSTOM replay id fail as corrupted/expired. */
  rejectNextCustomReplayId(): void;
}

export interface PubSubServerHandle {
  /** `127.0.0.1:PORT` as the Pub/Sub client expects its endpoint. */
  endpoint: string;
  port: number;
  /** PEM of the self-signed certificate the server presents. */
  certificatePem: string;
  faults: PubSubFaults;
  stop(): Promise<void>;
}

export interface PubSubServerOptions {
  host?: string;
  /** 0 or absent: a free port. */
  port?: number;
  bus: EventBus;
  schema: SchemaRegistry;
  tokens: AccessTokenVerifier;
}

export type CreateEventBus = (options: EventBusOptions) => EventBus;
export type StartPubSubServer = (options: PubSubServerOptions) => Promise<PubSubServerHandle>;
