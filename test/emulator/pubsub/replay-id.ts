/**
 * Opaque replay ids: 8-byte big-endian unsigned integers that grow by a random step.
 *
 * platform-facts.md, Platform Events, "Retention and replay": replay ids are opaque and not
 * contiguous, so clients must not compute them. A random step between events means an id that a
 * client derives by arithmetic is almost never one the bus issued, and the bus rejects it.
 * toolchain.md (Pub/Sub): the client reads replay ids as 8-byte big-endian and converts them to a
 * JavaScript number, so every id stays below 2^53.
 */
import { randomInt } from 'node:crypto';

export const REPLAY_ID_BYTES = 8;

/** The largest step between two consecutive ids on a topic. */
const MAX_STEP = 64;

export function encodeReplayId(value: bigint): Buffer {
  const buffer = Buffer.alloc(REPLAY_ID_BYTES);
  buffer.writeBigUInt64BE(value);
  return buffer;
}

/** The id inside an 8-byte buffer, or undefined when the buffer has any other length. */
export function decodeReplayId(buffer: Uint8Array): bigint | undefined {
  if (buffer.length !== REPLAY_ID_BYTES) {
    return undefined;
  }
  return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.length).readBigUInt64BE();
}

/** The first id of a new topic: somewhere between one and ten million, different every time. */
export function firstReplayId(): bigint {
  return BigInt(randomInt(1_000_000, 10_000_000));
}

/** The id after `previous`: a random step of 1 to MAX_STEP. */
export function nextReplayId(previous: bigint): bigint {
  return previous + BigInt(randomInt(1, MAX_STEP + 1));
}

/** The 8 zero bytes sent as `latest_replay_id` by a topic that has never had an event. */
export const EMPTY_TOPIC_REPLAY_ID: Buffer = encodeReplayId(0n);
