/**
 * The published forms the companion plugin lists in its heartbeat answer, passed on to
 * Salesforce in the connector's heartbeat (`WP_Sync_Connector__c.Status__c`, a 32,768-character
 * long text area) so the admin app can offer a form picker and the form's fields.
 */

export interface PublishedFormField {
  name: string;
  label: string;
  type: string;
}

export interface PublishedForm {
  id: number;
  title: string;
  fields: PublishedFormField[];
}

/** Most characters the forms may take in the heartbeat: well under Status__c's 32,768. */
export const FORMS_HEARTBEAT_BUDGET = 12_000;
/** The plugin lists at most 50; the connector holds to the same. */
export const MAX_PUBLISHED_FORMS = 50;

const text = (value: unknown, max: number): string =>
  typeof value === 'string' ? value.slice(0, max) : '';

function fieldOf(raw: unknown): PublishedFormField | undefined {
  const field = (raw ?? {}) as Record<string, unknown>;
  const name = text(field.name, 50);
  if (name === '') return undefined;
  return { name, label: text(field.label, 255) || name, type: text(field.type, 20) || 'text' };
}

/** The plugin's `forms` answer, checked: anything malformed is left out, never trusted. */
export function publishedFormsOf(raw: unknown): PublishedForm[] {
  if (!Array.isArray(raw)) return [];
  const forms: PublishedForm[] = [];
  for (const entry of raw.slice(0, MAX_PUBLISHED_FORMS)) {
    const form = (entry ?? {}) as Record<string, unknown>;
    const id = form.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) continue;
    const fields = Array.isArray(form.fields) ? form.fields.map(fieldOf) : [];
    forms.push({
      id,
      title: text(form.title, 255) || `Form ${String(id)}`,
      fields: fields.filter((field): field is PublishedFormField => field !== undefined),
    });
  }
  return forms;
}

/**
 * The forms for the heartbeat, whole forms only, until the budget is spent; `truncated` says
 * some were left out (the admin app then lets the admin type a form id).
 */
export function formsForHeartbeat(
  forms: readonly PublishedForm[],
  budget = FORMS_HEARTBEAT_BUDGET,
): { forms: PublishedForm[]; truncated: boolean } {
  const kept: PublishedForm[] = [];
  let used = 2;
  for (const form of forms) {
    const size = JSON.stringify(form).length + 1;
    if (used + size > budget) return { forms: kept, truncated: true };
    kept.push(form);
    used += size;
  }
  return { forms: kept, truncated: false };
}
