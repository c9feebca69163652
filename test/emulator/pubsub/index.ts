/**
 * The event bus and Pub/Sub API half of the org emulator (docs/EMULATOR-PUBSUB.md).
 *
 * Bus payloads hold field values as the REST API shows them: strings, numbers, booleans, null;
 * dates as `YYYY-MM-DD`, datetimes as ISO 8601. The bus adds `CreatedDate` (ISO 8601) and
 * `CreatedById` (the publisher's user id) to every event.
 */
export { createEventBus, DEFAULT_RETENTION_MS } from './event-bus.js';
export { startPubSubServer, DEFAULT_KEEPALIVE_MS, type PubSubServerTuning } from './server.js';
export { topicOf } from './schema-catalog.js';
export {
  subscriptionStats,
  type SubscriptionStats,
  type FetchRequestRecord,
  type DeliveryRecord,
} from './subscription-stats.js';
