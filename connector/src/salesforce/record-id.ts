/** 15 characters (case-sensitive) or 18 (the same with a case-safe suffix), letters and digits. */
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Whether `value` has the shape of a Salesforce record id (it may still name no record). */
export function isSalesforceId(value: string): boolean {
  return SALESFORCE_ID.test(value);
}
