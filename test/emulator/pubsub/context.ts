/** What the RPC handlers of one Pub/Sub server share. */
import type { AccessTokenVerifier, EventBus } from '../contracts.js';
import type { SchemaCatalog } from './schema-catalog.js';
import type { SubscriptionRegistry } from './subscription-stats.js';

export interface OpenStream {
  /** Ends the stream with OK (server stop). */
  end(): void;
  /** Ends the stream with UNAVAILABLE (the dropStreams fault). */
  drop(): void;
}

export interface ServerContext {
  bus: EventBus;
  catalog: SchemaCatalog;
  tokens: AccessTokenVerifier;
  keepaliveMs: number;
  /** Set by the rejectNextCustomReplayId fault; consumed by the next CUSTOM subscription. */
  rejectNextCustomReplayId: boolean;
  streams: Set<OpenStream>;
  /** Read-only flow-control figures per Subscribe stream (subscription-stats.ts). */
  subscriptions: SubscriptionRegistry;
}
