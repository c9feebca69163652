/**
 * The Pub/Sub API front end: a gRPC server over TLS for the official PubSub service.
 */
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { PubSubServerHandle, PubSubServerOptions, StartPubSubServer } from '../contracts.js';
import type { ServerContext } from './context.js';
import { loadPubSubService } from './proto.js';
import { handlePublish, handlePublishStream } from './publish.js';
import { SchemaCatalog } from './schema-catalog.js';
import { handleSubscribe } from './subscribe.js';
import { registerSubscriptionStats, SubscriptionRegistry } from './subscription-stats.js';
import { createSelfSignedCertificate } from '../tls.js';
import { handleGetSchema, handleGetTopic } from './topic.js';

/** platform-facts.md, Pub/Sub API: an idle subscription gets a keepalive at least every 270 s. */
export const DEFAULT_KEEPALIVE_MS = 270_000;

/** How long stop() lets calls finish before cancelling them. */
const SHUTDOWN_GRACE_MS = 2_000;

export interface PubSubServerTuning {
  /** Interval of the empty keepalive FetchResponse on an idle subscription. */
  keepaliveMs?: number;
}

export const startPubSubServer = (async (
  options: PubSubServerOptions & PubSubServerTuning,
): Promise<PubSubServerHandle> => {
  const host = options.host ?? '127.0.0.1';
  const context: ServerContext = {
    bus: options.bus,
    catalog: new SchemaCatalog(options.schema),
    tokens: options.tokens,
    keepaliveMs: options.keepaliveMs ?? DEFAULT_KEEPALIVE_MS,
    rejectNextCustomReplayId: false,
    streams: new Set(),
    subscriptions: new SubscriptionRegistry(),
  };
  const certificate = await createSelfSignedCertificate(host);
  const server = new Server();
  const implementation: UntypedServiceImplementation = {
    GetTopic: handleGetTopic.bind(undefined, context),
    GetSchema: handleGetSchema.bind(undefined, context),
    Publish: handlePublish.bind(undefined, context),
    PublishStream: handlePublishStream.bind(undefined, context),
    Subscribe: handleSubscribe.bind(undefined, context),
  };
  server.addService(loadPubSubService(), implementation);
  const credentials = ServerCredentials.createSsl(
    null,
    [
      {
        private_key: Buffer.from(certificate.privateKeyPem),
        cert_chain: Buffer.from(certificate.certificatePem),
      },
    ],
    false,
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${options.port ?? 0}`, credentials, (error, boundPort) => {
      if (error === null) {
        resolve(boundPort);
      } else {
        reject(error);
      }
    });
  });
  let stopped: Promise<void> | undefined;
  const handle: PubSubServerHandle = {
    endpoint: `${host}:${port}`,
    port,
    certificatePem: certificate.certificatePem,
    faults: {
      dropStreams() {
        for (const stream of [...context.streams]) {
          stream.drop();
        }
      },
      rejectNextCustomReplayId() {
        context.rejectNextCustomReplayId = true;
      },
    },
    stop() {
      stopped ??= shutdown(server, context);
      return stopped;
    },
  };
  registerSubscriptionStats(handle, context.subscriptions);
  return handle;
}) satisfies StartPubSubServer;

/** Ends open streams with OK (a client crashes on errors after its close(), toolchain.md). */
function shutdown(server: Server, context: ServerContext): Promise<void> {
  for (const stream of [...context.streams]) {
    stream.end();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
