import { ApiError } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';

/**
 * Refuses values that leave a required field empty, as Salesforce does for records and
 * platform events alike: 400 REQUIRED_FIELD_MISSING naming the fields.
 */
export function assertRequiredFields(
  object: EmulatorObject,
  values: Record<string, unknown>,
): void {
  const missing = object.fields
    .filter(
      (fieldDef) =>
        fieldDef.required &&
        (values[fieldDef.name] === undefined || values[fieldDef.name] === null),
    )
    .map((fieldDef) => fieldDef.name);
  if (missing.length > 0) {
    throw new ApiError(
      400,
      'REQUIRED_FIELD_MISSING',
      `Required fields are missing: [${missing.join(', ')}]`,
      missing,
    );
  }
}
