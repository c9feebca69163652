/**
 * What the emulator lacks for `lightning/empApi` in a browser: CometD streaming. This serves a
 * topic of the event bus as Server-Sent Events in the shape empApi hands to its callback,
 * `{channel, data: {schema, payload, event: {replayId}}}`. Replay -1 sends new events only,
 * -2 every retained event first, as empApi's replay ids mean.
 */
import type { ServerResponse } from 'node:http';
import type { BusEvent, EventBus } from '../contracts.js';

const RETAINED_EVENTS_LIMIT = 1000;

function message(channel: string, event: BusEvent): string {
  const data = {
    channel,
    data: {
      schema: channel,
      payload: event.payload,
      event: { replayId: event.replayId.readBigUInt64BE().toString() },
    },
  };
  return `data: ${JSON.stringify(data)}\n\n`;
}

/** Streams `channel` (`/event/Name__e`) to `response` until the client goes away. */
export function streamEvents(
  bus: EventBus,
  channel: string,
  replayId: number,
  response: ServerResponse,
): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write(': subscribed\n\n');
  if (replayId === -2) {
    for (const event of bus.read(channel, undefined, RETAINED_EVENTS_LIMIT)) {
      response.write(message(channel, event));
    }
  }
  const stop = bus.onPublish((event) => {
    if (event.topic === channel) response.write(message(channel, event));
  });
  response.on('close', stop);
}
