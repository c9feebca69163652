import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP gate in front of the test WordPress, so a test can take WordPress off the network
 * (connections refused, open ones cut) or slow it down without touching the php -S process the
 * rest of the run shares. The connector is pointed at `url` instead of WordPress's own address.
 */
export interface WordPressGate {
  /** WordPress's base URL through the gate. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and cuts every open connection: new connections are refused. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Holds every chunk the client sends for this long before passing it on (0: none). */
  setLatency(ms: number): void;
  /** Connections accepted so far. */
  readonly connections: number;
  readonly isUp: boolean;
  close(): Promise<void>;
}

export async function startWordPressGate(wordpressUrl: string): Promise<WordPressGate> {
  const target = new URL(wordpressUrl);
  const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const targetHost = target.hostname;
  const sockets = new Set<Socket>();
  let latencyMs = 0;
  let accepted = 0;
  let server: Server | undefined;
  let port = 0;

  const handle = (client: Socket): void => {
    accepted++;
    const upstream = connect({ host: targetHost, port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    const forget = (): void => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget);
    upstream.on('error', forget);
    client.on('close', forget);
    upstream.on('close', forget);
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      if (latencyMs === 0) {
        upstream.write(chunk);
        return;
      }
      client.pause();
      setTimeout(() => {
        if (!upstream.destroyed) upstream.write(chunk);
        client.resume();
      }, latencyMs);
    });
  };

  const listen = async (): Promise<void> => {
    const next = createServer(handle);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        next.off('error', reject);
        resolve();
      });
    });
    const address = next.address();
    if (address === null || typeof address === 'string') throw new Error('gate has no port');
    port = address.port;
    server = next;
  };

  const down = async (): Promise<void> => {
    const current = server;
    server = undefined;
    if (!current) return;
    const closed = new Promise<void>((resolve) => {
      current.close(() => {
        resolve();
      });
    });
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };

  await listen();
  const path = target.pathname.replace(/\/$/, '');
  return {
    get url() {
      return `http://127.0.0.1:${port}${path}`;
    },
    get port() {
      return port;
    },
    get connections() {
      return accepted;
    },
    get isUp() {
      return server !== undefined;
    },
    down,
    async up() {
      if (!server) await listen();
    },
    setLatency(ms: number) {
      latencyMs = Math.max(0, ms);
    },
    close: down,
  };
}
