import { isTopicsField } from '../mapping/set-settings.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { TopicGateway } from '../salesforce/topic-gateway.js';
import { failed, type ApplyOutcome } from './apply-outcome.js';
import type { SyncEvent } from './event.js';

type TopicReader = Pick<TopicGateway, 'topicsOf'>;
type Waiting = { id: string; resolve: (names: string[]) => void; reject: (error: unknown) => void };

const batchers = new WeakMap<TopicReader, (id: string) => Promise<string[]>>();

/**
 * One record's Topic names, read together with those of the other records asked for in the same
 * turn of the event loop (records are applied in parallel): one SOQL per 200, not one each.
 */
function topicsOfRecord(reader: TopicReader, id: string): Promise<string[]> {
  let read = batchers.get(reader);
  if (!read) {
    let waiting: Waiting[] = [];
    const flush = (): void => {
      const batch = waiting;
      waiting = [];
      reader.topicsOf(batch.map((entry) => entry.id)).then(
        (topics) => {
          for (const entry of batch) entry.resolve(topics.get(entry.id) ?? []);
        },
        (error: unknown) => {
          for (const entry of batch) entry.reject(error);
        },
      );
    };
    read = (recordId) =>
      new Promise<string[]>((resolve, reject) => {
        waiting.push({ id: recordId, resolve, reject });
        if (waiting.length === 1) setImmediate(flush);
      });
    batchers.set(reader, read);
  }
  return read(id);
}

/**
 * The event with the record's Topics in its payload, for a mapping with a Topics set: the sync
 * event cannot carry them (no trigger fires on TopicAssignment), so they are read now and always
 * count as possibly changed. Other events are returned as they are.
 */
export async function withRecordTopics(
  mapping: ObjectMapping,
  event: SyncEvent,
  topics: TopicReader | undefined,
): Promise<{ event: SyncEvent } | { outcome: ApplyOutcome }> {
  const field = mapping.fields.find(isTopicsField)?.salesforceField;
  if (field === undefined || event.operation === 'DELETE') return { event };
  if (!topics) {
    const message = `Mapping ${mapping.name} syncs Topics, but this connector was started without access to them`;
    return {
      outcome: failed('sfwp_topics_unavailable', message, 'permanent', undefined, event.payload),
    };
  }
  try {
    const names = await topicsOfRecord(topics, event.recordId);
    return {
      event: {
        ...event,
        payload: { ...event.payload, [field]: names },
        changedFields:
          event.changedFields.length > 0 ? [...new Set([...event.changedFields, field])] : [],
      },
    };
  } catch (error) {
    const message = `Reading the Topics of ${event.recordId} failed: ${error instanceof Error ? error.message : String(error)}`;
    return {
      outcome: failed('sfwp_topics_read_failed', message, 'transient', undefined, event.payload),
    };
  }
}
