/**
 * A developer API call refused or failed, with a stable code the WordPress side can act on
 * and a message safe to show a site developer (never a credential, never raw SOQL of ours).
 */
export class DeveloperApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status the connector answers with. */
    readonly status = 400,
  ) {
    super(message);
    this.name = 'DeveloperApiError';
  }
}

/** Codes of the connector's own refusals (Salesforce's codes pass through unchanged). */
export const REFUSAL = {
  unknownEntry: 'ACCESS_NOT_ALLOWED',
  wrongKind: 'ACCESS_KIND_MISMATCH',
  fieldNotAllowed: 'FIELD_NOT_ALLOWED',
  objectNotAllowed: 'OBJECT_NOT_ALLOWED',
  apexPathNotAllowed: 'APEX_PATH_NOT_ALLOWED',
  badOperator: 'INVALID_OPERATOR',
  badValue: 'INVALID_FILTER_VALUE',
  badLimit: 'INVALID_LIMIT',
  badAfter: 'INVALID_AFTER',
  badRequest: 'INVALID_REQUEST',
  budget: 'API_BUDGET_RESERVED',
} as const;
