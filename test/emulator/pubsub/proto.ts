/**
 * The PubSub service definition, loaded from the official `pubsub_api.proto` that
 * salesforce-pubsub-api-client ships at its package root (not a copy).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const SERVICE_NAME = 'eventbus.v1.PubSub';

/** The path of the proto file inside the installed client package. */
export function officialProtoPath(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its entry point (dist/client.*); the proto sits one level up.
  const entry = require.resolve('salesforce-pubsub-api-client');
  return join(dirname(entry), '..', 'pubsub_api.proto');
}

export function loadPubSubService(): ServiceDefinition {
  const definition = loadSync(officialProtoPath(), {
    keepCase: false,
    defaults: true,
    enums: Number,
    longs: Number,
  });
  const service = definition[SERVICE_NAME];
  if (service === undefined || !('Subscribe' in service)) {
    throw new Error(`${SERVICE_NAME} is missing from ${officialProtoPath()}`);
  }
  return service;
}
