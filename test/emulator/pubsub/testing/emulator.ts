/** An event bus and Pub/Sub server wired to the test doubles, started and stopped together. */
import type { EventBus, EventBusOptions, PubSubServerHandle } from '../../contracts.js';
import { createEventBus } from '../event-bus.js';
import { startPubSubServer } from '../server.js';
import { createFixtureRegistry, FixtureTokens } from './fixtures.js';

export interface TestEmulator {
  bus: EventBus;
  server: PubSubServerHandle;
  tokens: FixtureTokens;
  /** A live token for the fixture session. */
  token: string;
  /** Stops the server (ending its streams with OK), then closes the bus. */
  stop(): Promise<void>;
}

export async function startTestEmulator(
  options: EventBusOptions & { keepaliveMs?: number } = {},
): Promise<TestEmulator> {
  const { keepaliveMs, ...busOptions } = options;
  const bus = createEventBus(busOptions);
  const tokens = new FixtureTokens();
  const server = await startPubSubServer({
    bus,
    schema: createFixtureRegistry(),
    tokens,
    ...(keepaliveMs === undefined ? {} : { keepaliveMs }),
  });
  return {
    bus,
    server,
    tokens,
    token: tokens.issue(),
    async stop() {
      await server.stop();
      await bus.close();
    },
  };
}
