import type { Connection } from 'jsforce';
import { isTopicsField } from '../mapping/set-settings.js';
import type { ObjectMapping } from '../mapping/types.js';
import { salesforceCall } from './errors.js';

/** Whether topics are enabled, per object API name, as the Metadata API said (asked once each). */
export type TopicsEnabled = Map<string, Promise<boolean | Error>>;

/** `enableTopics` as jsforce hands it over from the SOAP answer (text or boolean). */
function enabled(info: unknown): boolean {
  const record = (Array.isArray(info) ? info[0] : info) as { enableTopics?: unknown } | undefined;
  return record?.enableTopics === true || record?.enableTopics === 'true';
}

/**
 * Whether the object has topics enabled: the Metadata API's readMetadata of
 * `TopicsForObjects` (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_topicsforobjects.htm),
 * whose `enableTopics` an admin sets in Setup → Topics for Objects.
 */
export function topicsEnabled(connection: Connection, object: string): Promise<boolean> {
  return salesforceCall(connection.metadata.read('TopicsForObjects', [object])).then(enabled);
}

/**
 * Why a mapping with a Topics set cannot load (topics not enabled for its object, or the
 * Metadata API could not say), or undefined. Mappings without a Topics set ask nothing.
 */
export async function topicsProblem(
  connection: Connection,
  mapping: ObjectMapping,
  asked: TopicsEnabled,
): Promise<string | undefined> {
  const field = mapping.fields.find(isTopicsField);
  if (!field) return undefined;
  const object = mapping.salesforceObject;
  let answer = asked.get(object);
  if (!answer) {
    answer = topicsEnabled(connection, object).catch((error: unknown) =>
      error instanceof Error ? error : new Error(String(error)),
    );
    asked.set(object, answer);
  }
  const result = await answer;
  if (result instanceof Error) {
    // readMetadata() needs "Modify Metadata Through Metadata API Functions" or "Modify All Data",
    // more than a sync user should hold: without it the mapping loads unchecked, and a record of
    // an object without topics fails alone with Salesforce's reason (docs/SEGMENTS.md, Topics).
    if (/INSUFFICIENT_ACCESS/.test(result.message)) return undefined;
    return `field ${field.name}: cannot read whether topics are enabled for ${object} (TopicsForObjects): ${result.message}`;
  }
  if (!result)
    return `field ${field.name}: topics are not enabled for ${object}; enable them in Setup → Topics for Objects, or map a multi-select picklist instead`;
  return undefined;
}
