/** Fixed ports for the demo, so its URLs stay the same from run to run, unless one is taken. */
import { createServer } from 'node:net';

/** The demo's preferred ports on 127.0.0.1. */
export const DEMO_PORTS = {
  wordpress: 8881,
  emulator: 8882,
  pubSub: 8883,
  /** The connector's own default (`server.port`). */
  status: 9465,
} as const;

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** `preferred` when it is free on 127.0.0.1, else a free port the system picks. */
export async function portIfFree(preferred: number): Promise<number> {
  try {
    return await listenOnce(preferred);
  } catch {
    return listenOnce(0);
  }
}
