import { sameValue } from './content-hash.js';
import { ROLES_FIELD } from './set-settings.js';
import type { FieldMapping, FieldProblem } from './types.js';

/** What separates the values of a multi-select picklist ("Gold;Silver"). */
const PICKLIST_SEPARATOR = ';';

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The elements of a set as either side holds it: a multi-select picklist's "A;B", a list
 * (WordPress meta, roles, Topic names), or blank. Trimmed, blanks dropped, each once, sorted, so
 * two sets compare equal whatever their order.
 */
export function elementsOf(value: unknown): string[] {
  let items: unknown[];
  if (value === null || value === undefined) items = [];
  else if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value.split(PICKLIST_SEPARATOR);
  else items = [value];
  const elements = items
    .filter((item) => typeof item === 'string' || typeof item === 'number')
    .map((item) => String(item).trim())
    .filter((item) => item !== '');
  return [...new Set(elements)].sort(byCodePoint);
}

export function sameSet(a: unknown, b: unknown): boolean {
  const left = elementsOf(a);
  const right = elementsOf(b);
  return left.length === right.length && left.every((element, index) => element === right[index]);
}

/** Whether two values of a field are the same: as sets for a set field, else `sameValue`. */
export function sameFieldValue(field: FieldMapping | undefined, a: unknown, b: unknown): boolean {
  return field?.set ? sameSet(a, b) : sameValue(a, b);
}

/**
 * A set as Salesforce takes it: Topic names as a list; a multi-select picklist as "A;B" (null
 * when empty), or the problem when an element holds the separator, which no picklist value can.
 */
export function salesforceSetValue(
  field: FieldMapping,
  elements: readonly string[],
): { value: string | string[] | null } | { problem: FieldProblem } {
  if (field.set?.source === 'Topics') return { value: [...elements] };
  const separated = elements.filter((element) => element.includes(PICKLIST_SEPARATOR));
  if (separated.length > 0) {
    return {
      problem: {
        field: field.salesforceField,
        code: 'INVALID_VALUE',
        message: `${field.wordpressField} → ${field.salesforceField}: ${separated
          .map((element) => JSON.stringify(element))
          .join(', ')} cannot be a multi-select picklist value (';' separates its values)`,
      },
    };
  }
  return { value: elements.length === 0 ? null : elements.join(PICKLIST_SEPARATOR) };
}

/**
 * The elements of a WordPress set the sync sees: every tag of a meta list, but of a user's roles
 * only those the mapping's allowlist names (the others are never granted, revoked nor reported).
 */
export function wordpressElements(field: FieldMapping, value: unknown): string[] {
  const elements = elementsOf(value);
  if (field.wordpressField !== ROLES_FIELD) return elements;
  const allowed = new Set(field.set?.allowedRoles ?? []);
  return elements.filter((role) => allowed.has(role));
}
