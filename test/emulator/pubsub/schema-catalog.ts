/**
 * Topics and their current event schemas, from the SchemaRegistry the server is given.
 * Only platform event topics (`/event/Name__e`) exist here.
 */
import type { EmulatorObject, SchemaRegistry } from '../contracts.js';
import { compileSchema, describeEventSchema, type EventSchema } from './avro-schema.js';

const TOPIC_PREFIX = '/event/';

export function topicOf(objectName: string): string {
  return `${TOPIC_PREFIX}${objectName}`;
}

export class SchemaCatalog {
  private readonly byId = new Map<string, EventSchema>();

  constructor(private readonly registry: SchemaRegistry) {}

  /** The platform event object a topic name designates, if any. */
  objectOf(topicName: string): EmulatorObject | undefined {
    if (!topicName.startsWith(TOPIC_PREFIX)) {
      return undefined;
    }
    const object = this.registry.getObject(topicName.slice(TOPIC_PREFIX.length));
    return object?.kind === 'platformEvent' ? object : undefined;
  }

  /** The topic's current schema, or undefined for an unknown topic. */
  forTopic(topicName: string): EventSchema | undefined {
    const object = this.objectOf(topicName);
    if (object === undefined) {
      return undefined;
    }
    const description = describeEventSchema(object);
    let schema = this.byId.get(description.id);
    if (schema === undefined) {
      schema = { ...description, type: compileSchema(description.json) };
      this.byId.set(schema.id, schema);
    }
    return schema;
  }

  /** A schema served before (or the current one of any topic) by its id. */
  byIdentifier(schemaId: string): EventSchema | undefined {
    const known = this.byId.get(schemaId);
    if (known !== undefined) {
      return known;
    }
    for (const object of this.registry.listObjects()) {
      if (object.kind === 'platformEvent') {
        const schema = this.forTopic(topicOf(object.name));
        if (schema?.id === schemaId) {
          return schema;
        }
      }
    }
    return undefined;
  }
}
