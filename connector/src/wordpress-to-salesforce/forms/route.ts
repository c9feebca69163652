import type { FormSettings } from '../../mapping/types.js';

/** A Lead or Contact as the routing reads it: its id, email, conversion and mapped values. */
export type ExistingRecord = Record<string, unknown> & { Id: string };

export interface Existing {
  leads: readonly ExistingRecord[];
  contacts: readonly ExistingRecord[];
}

export type Route =
  | { action: 'create' }
  | { action: 'update'; object: 'Lead' | 'Contact'; record: ExistingRecord; why: string };

const emailOf = (record: ExistingRecord): string =>
  typeof record.Email === 'string' ? record.Email.trim().toLowerCase() : '';

/**
 * Where a submission with this email goes, before anything is created: an open Lead is updated;
 * a converted Lead's Contact (ConvertedContactId) is updated instead (a converted Lead cannot
 * be); a Contact with the email and no Lead follows the form's setting; otherwise a new Lead.
 */
export function routeByEmail(
  email: string | undefined,
  existing: Existing,
  settings: FormSettings,
): Route {
  if (email === undefined) return { action: 'create' };
  const leads = existing.leads.filter((lead) => emailOf(lead) === email);
  const open = leads.find((lead) => lead.IsConverted !== true);
  if (open) return { action: 'update', object: 'Lead', record: open, why: 'open Lead' };
  for (const converted of leads) {
    const contact = existing.contacts.find((row) => row.Id === converted.ConvertedContactId);
    if (contact) {
      return { action: 'update', object: 'Contact', record: contact, why: 'converted Lead' };
    }
  }
  const contact = existing.contacts.find((row) => emailOf(row) === email);
  if (contact && settings.existingContact === 'UpdateContact') {
    return { action: 'update', object: 'Contact', record: contact, why: 'existing Contact' };
  }
  return { action: 'create' };
}

const blank = (value: unknown): boolean => value === null || value === undefined || value === '';

/**
 * The values an update writes: with FillBlanks only fields the record has empty, with
 * Overwrite every mapped field the submission has a value for (a blank never erases). Fields
 * the target object lacks (a Lead's Company on a Contact) are left out.
 */
export function updateValues(
  values: Readonly<Record<string, unknown>>,
  current: Readonly<Record<string, unknown>>,
  settings: FormSettings,
  writable: (field: string) => boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    if (blank(value) || !writable(field)) continue;
    if (settings.fieldPolicy === 'FillBlanks' && !blank(current[field])) continue;
    out[field] = value;
  }
  return out;
}

/** Folds the values of several submissions with one email, oldest first, by the policy. */
export function foldValues(
  ordered: readonly Readonly<Record<string, unknown>>[],
  settings: FormSettings,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const values of ordered) {
    for (const [field, value] of Object.entries(values)) {
      if (blank(value)) {
        if (!(field in out)) out[field] = value;
        continue;
      }
      if (settings.fieldPolicy === 'Overwrite' || blank(out[field])) out[field] = value;
    }
  }
  return out;
}
