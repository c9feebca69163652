import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent, EventBus } from '../contracts.js';
import { createEventBus, DEFAULT_RETENTION_MS } from './event-bus.js';
import { decodeReplayId } from './replay-id.js';
import { SESSION } from './testing/fixtures.js';

const TOPIC = '/event/WP_Sync_Event__e';
const OTHER = '/event/WP_Sync_Result__e';
const HOUR = 60 * 60 * 1000;

const opened: EventBus[] = [];
const directories: string[] = [];

function bus(options: Parameters<typeof createEventBus>[0] = {}): EventBus {
  const created = createEventBus(options);
  opened.push(created);
  return created;
}

function dataDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'sfwp-bus-'));
  directories.push(directory);
  return directory;
}

function publishMany(target: EventBus, count: number, topic = TOPIC): BusEvent[] {
  return Array.from({ length: count }, (_, index) =>
    target.publish(topic, { Record_Id__c: `rec-${index}` }, SESSION),
  );
}

function idOf(event: BusEvent): bigint {
  const id = decodeReplayId(event.replayId);
  if (id === undefined) {
    throw new Error('replay id is not 8 bytes');
  }
  return id;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((each) => each.close()));
  for (const directory of directories.splice(0)) {
    rmSync(directory, { recursive: true, force: true });
  }
});

describe('event bus ordering', () => {
  it('issues strictly increasing replay ids and reads in publish order', () => {
    const target = bus();
    const events = publishMany(target, 50);
    const ids = events.map(idOf);
    for (let index = 1; index < ids.length; index += 1) {
      expect(ids[index]).toBeGreaterThan(ids[index - 1] ?? 0n);
    }
    const read = target.read(TOPIC, undefined, 1000);
    expect(read.map((event) => event.payload.Record_Id__c)).toEqual(
      events.map((_, index) => `rec-${index}`),
    );
  });

  it('reads after a replay id, up to a limit, per topic', () => {
    const target = bus();
    const events = publishMany(target, 10);
    publishMany(target, 3, OTHER);
    const after = events[3];
    expect(after).toBeDefined();
    const read = target.read(TOPIC, after?.replayId, 4);
    expect(read.map((event) => event.eventUuid)).toEqual(
      events.slice(4, 8).map((event) => event.eventUuid),
    );
    expect(target.read(OTHER, undefined, 10)).toHaveLength(3);
    expect(target.read('/event/Unknown__e', undefined, 10)).toEqual([]);
    expect(target.latestReplayId(TOPIC)).toEqual(events.at(-1)?.replayId);
    expect(target.latestReplayId('/event/Unknown__e')).toBeUndefined();
  });

  it('stamps CreatedDate, CreatedById and a UUID on every event', () => {
    const now = Date.UTC(2026, 10, 22, 9, 30);
    const target = bus({ now: () => now });
    const event = target.publish(TOPIC, { CreatedById: 'forged', Mapping__c: 'm' }, SESSION);
    expect(event.payload).toEqual({
      Mapping__c: 'm',
      CreatedById: SESSION.userId,
      CreatedDate: '2026-11-22T09:30:00.000Z',
    });
    expect(event.publishedAt.getTime()).toBe(now);
    expect(event.eventUuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(new Set(publishMany(target, 20).map((each) => each.eventUuid)).size).toBe(20);
  });

  it('notifies onPublish listeners until they unsubscribe', () => {
    const target = bus();
    const seen: string[] = [];
    const unsubscribe = target.onPublish((event) => seen.push(event.eventUuid));
    const [first] = publishMany(target, 1);
    unsubscribe();
    publishMany(target, 1);
    expect(seen).toEqual([first?.eventUuid]);
  });
});

describe('replay id opacity', () => {
  it('uses 8-byte ids that are not contiguous, and rejects computed ones', () => {
    const target = bus();
    const events = publishMany(target, 200);
    for (const event of events) {
      expect(event.replayId).toHaveLength(8);
      expect(target.isRetained(TOPIC, event.replayId)).toBe(true);
    }
    const ids = events.map(idOf);
    const steps = new Set(ids.slice(1).map((id, index) => id - (ids[index] ?? 0n)));
    expect(steps.size).toBeGreaterThan(1);
    // An id derived by arithmetic is, with these steps, almost never one the bus issued.
    const issued = new Set(ids);
    const computed = ids.map((id) => id + 1n).filter((id) => !issued.has(id));
    expect(computed.length).toBeGreaterThan(150);
    for (const id of computed) {
      const buffer = Buffer.alloc(8);
      buffer.writeBigUInt64BE(id);
      expect(target.isRetained(TOPIC, buffer)).toBe(false);
    }
    expect(target.isRetained(TOPIC, Buffer.from([1, 2, 3]))).toBe(false);
  });

  it('starts every new bus somewhere else', () => {
    const starts = new Set(
      Array.from({ length: 5 }, () => {
        const [first] = publishMany(bus(), 1);
        return first === undefined ? 0n : idOf(first);
      }),
    );
    expect(starts.size).toBeGreaterThan(1);
  });
});

describe('retention', () => {
  it('keeps events 72 hours by default, then no longer retains their ids', () => {
    expect(DEFAULT_RETENTION_MS).toBe(72 * HOUR);
    let now = Date.UTC(2026, 0, 1);
    const target = bus({ now: () => now });
    const [old] = publishMany(target, 1);
    now += 48 * HOUR;
    const [recent] = publishMany(target, 1);
    if (old === undefined || recent === undefined) {
      throw new Error('nothing published');
    }
    now += 24 * HOUR - 1;
    expect(target.isRetained(TOPIC, old.replayId)).toBe(true);
    now += 2;
    expect(target.isRetained(TOPIC, old.replayId)).toBe(false);
    expect(target.read(TOPIC, undefined, 10).map((event) => event.eventUuid)).toEqual([
      recent.eventUuid,
    ]);
    now += 48 * HOUR;
    expect(target.isRetained(TOPIC, recent.replayId)).toBe(false);
    expect(target.read(TOPIC, undefined, 10)).toEqual([]);
    // The newest id is still the topic's latest; later events come after it.
    expect(target.latestReplayId(TOPIC)).toEqual(recent.replayId);
    const [next] = publishMany(target, 1);
    expect(next === undefined ? 0n : idOf(next)).toBeGreaterThan(idOf(recent));
  });

  it('honours a configured retention', () => {
    let now = 1_000_000;
    const target = bus({ now: () => now, retentionMs: 1000 });
    const [event] = publishMany(target, 1);
    now += 1001;
    expect(event && target.isRetained(TOPIC, event.replayId)).toBe(false);
  });
});

describe('persistence', () => {
  it('replays the same events with the same ids after a restart', async () => {
    const directory = dataDir();
    const first = bus({ dataDir: directory });
    const events = publishMany(first, 25);
    publishMany(first, 2, OTHER);
    await first.close();

    const second = bus({ dataDir: directory });
    const replayed = second.read(TOPIC, undefined, 100);
    expect(replayed.map((event) => [event.replayId, event.eventUuid, event.payload])).toEqual(
      events.map((event) => [event.replayId, event.eventUuid, event.payload]),
    );
    expect(replayed.map((event) => event.publishedAt)).toEqual(
      events.map((event) => event.publishedAt),
    );
    expect(second.read(OTHER, undefined, 100)).toHaveLength(2);
    const last = events.at(-1);
    if (last === undefined) {
      throw new Error('nothing published');
    }
    expect(second.isRetained(TOPIC, last.replayId)).toBe(true);
    const [next] = publishMany(second, 1);
    expect(next === undefined ? 0n : idOf(next)).toBeGreaterThan(idOf(last));
    await second.close();

    expect(bus({ dataDir: directory }).read(TOPIC, undefined, 100)).toHaveLength(26);
  });

  it('ignores a torn last line and drops expired events, keeping the newest id', async () => {
    const directory = dataDir();
    let now = Date.UTC(2026, 0, 1);
    const first = bus({ dataDir: directory, now: () => now });
    const events = publishMany(first, 3);
    await first.close();
    const [file] = readdirSync(directory);
    if (file === undefined) {
      throw new Error('no topic file');
    }
    appendFileSync(join(directory, file), '{"topic":"/event/WP_Sync_Event__e","repl');

    const second = bus({ dataDir: directory, now: () => now });
    expect(second.read(TOPIC, undefined, 10)).toHaveLength(3);
    await second.close();
    expect(readFileSync(join(directory, file), 'utf8').endsWith('}\n')).toBe(true);

    now += 73 * HOUR;
    const third = bus({ dataDir: directory, now: () => now });
    expect(third.read(TOPIC, undefined, 10)).toEqual([]);
    expect(third.latestReplayId(TOPIC)).toEqual(events.at(-1)?.replayId);
    await third.close();

    const fourth = bus({ dataDir: directory, now: () => now });
    expect(fourth.latestReplayId(TOPIC)).toEqual(events.at(-1)?.replayId);
  });
});
