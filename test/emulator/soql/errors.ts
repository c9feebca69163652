/**
 * SOQL errors. Syntax errors are 400 MALFORMED_QUERY with the `[{message, errorCode, fields}]`
 * body (platform-facts "Errors and limits"); messages follow the platform's wording where we
 * know it, which the docs do not print (our reading).
 *
 * Valid SOQL the emulator does not implement answers 400 with its own code,
 * `UNSUPPORTED_IN_EMULATOR`, and a message naming the feature: a real org never answers this
 * code, so neither a developer nor a test can mistake it for the org's verdict, and no query
 * ever answers silently wrong data.
 */
import { ApiError } from '../api-error.js';

export const UNSUPPORTED_IN_EMULATOR = 'UNSUPPORTED_IN_EMULATOR';

export function malformed(message: string): ApiError {
  return new ApiError(400, 'MALFORMED_QUERY', message);
}

/** `feature` names the construct, e.g. "semi-join subqueries (WHERE Id IN (SELECT …))". */
export function unsupportedSoql(feature: string): ApiError {
  return new ApiError(
    400,
    UNSUPPORTED_IN_EMULATOR,
    `${feature} is valid SOQL but not supported by the org emulator (see docs/EMULATOR.md, "SOQL")`,
  );
}
