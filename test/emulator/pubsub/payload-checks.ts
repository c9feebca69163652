/**
 * Checks a decoded Pub/Sub payload against the event's field definitions, as the platform does
 * for an event published over REST: text longer than its field is refused (STRING_TOO_LONG,
 * the same code and message as the REST API gives). The Pub/Sub API reports a refused event in
 * its PublishResult (`error {code: PUBLISH, msg}`); the message text is our reading, the API
 * documents none (docs/EMULATOR-PUBSUB.md, "Publish / PublishStream").
 * Required fields are not checked: the Pub/Sub API documents that it does not enforce them.
 */
import type { EmulatorObject } from '../contracts.js';
import { TEXT_FIELD_TYPES } from '../schema/field-types.js';

/** Salesforce's default for a text field without a length. */
const DEFAULT_TEXT_LENGTH = 255;

/** The first problem with the payload, as `CODE: message`, or undefined. */
export function payloadProblem(
  object: EmulatorObject,
  payload: Record<string, unknown>,
): string | undefined {
  for (const field of object.fields) {
    const value = payload[field.name];
    if (!TEXT_FIELD_TYPES.has(field.type) || typeof value !== 'string') continue;
    const limit = field.length ?? DEFAULT_TEXT_LENGTH;
    if (value.length > limit) {
      return `STRING_TOO_LONG: ${field.label}: data value too large: ${value.slice(0, 40)} (max length=${limit})`;
    }
  }
  return undefined;
}
