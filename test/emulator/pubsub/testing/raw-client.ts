/**
 * A bare gRPC client for the official PubSub service, for tests that must see exactly what the
 * server sends (statuses, trailers, pending_num_requested) without a client library in between.
 */
import {
  Client,
  credentials,
  Metadata,
  type ClientDuplexStream,
  type ServiceError,
} from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/grpc-js';
import type {
  FetchRequest,
  FetchResponse,
  PublishRequest,
  PublishResponse,
  SchemaInfo,
  SchemaRequest,
  TopicInfo,
  TopicRequest,
} from '../messages.js';
import { loadPubSubService } from '../proto.js';

export interface AuthHeaders {
  accesstoken?: string;
  instanceurl?: string;
  tenantid?: string;
}

interface UnaryMethods {
  GetTopic: [TopicRequest, TopicInfo];
  GetSchema: [SchemaRequest, SchemaInfo];
  Publish: [Partial<PublishRequest>, PublishResponse];
}

export class RawPubSubClient {
  private readonly client: Client;
  private readonly service = loadPubSubService();

  constructor(
    endpoint: string,
    certificatePem: string,
    private readonly headers: AuthHeaders,
  ) {
    // Verifies the server against its own self-signed certificate (SAN IP:127.0.0.1).
    this.client = new Client(endpoint, credentials.createSsl(Buffer.from(certificatePem)));
  }

  unary<M extends keyof UnaryMethods>(
    name: M,
    request: UnaryMethods[M][0],
  ): Promise<UnaryMethods[M][1]> {
    const method = this.method<UnaryMethods[M][0], UnaryMethods[M][1]>(name);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        this.metadata(),
        (error: ServiceError | null, response?: UnaryMethods[M][1]) => {
          if (error !== null) {
            reject(error);
          } else if (response === undefined) {
            reject(new Error(`${name} returned nothing`));
          } else {
            resolve(response);
          }
        },
      );
    });
  }

  subscribe(): ClientDuplexStream<Partial<FetchRequest>, FetchResponse> {
    const method = this.method<Partial<FetchRequest>, FetchResponse>('Subscribe');
    return this.client.makeBidiStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      this.metadata(),
    );
  }

  close(): void {
    this.client.close();
  }

  private method<Request, Response>(name: string): MethodDefinition<Request, Response> {
    const method = this.service[name];
    if (method === undefined) {
      throw new Error(`no method ${name}`);
    }
    return method as MethodDefinition<Request, Response>;
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(this.headers)) {
      if (typeof value === 'string') {
        metadata.set(key, value);
      }
    }
    return metadata;
  }
}

/** The next `count` messages of a stream, or its error. */
export function nextMessages<T>(stream: NodeJS.EventEmitter, count: number): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const messages: T[] = [];
    const onData = (message: T): void => {
      messages.push(message);
      if (messages.length === count) {
        cleanup();
        resolve(messages);
      }
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.on('error', onError);
  });
}

/** The error a stream ends with. */
export function streamError(stream: NodeJS.EventEmitter): Promise<ServiceError> {
  return new Promise((resolve) => {
    stream.once('error', resolve);
  });
}
