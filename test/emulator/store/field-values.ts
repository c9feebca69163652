/**
 * Checks and normalises one field value for a write. Errors use the `[{message, errorCode,
 * fields}]` shape (platform-facts "Errors and limits"); the codes (STRING_TOO_LONG,
 * INVALID_EMAIL_ADDRESS, JSON_PARSER_ERROR, MALFORMED_ID) are SOAP StatusCode values that the
 * facts do not list: our reading, unverified.
 */
import { ApiError } from '../api-error.js';
import type { EmulatorField } from '../contracts.js';
import { normaliseId } from '../ids.js';
import { checkRestrictedPicklist } from './picklist-values.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Salesforce's datetime form: `2026-11-22T08:14:47.000+0000`. */
export function formatDateTime(value: Date): string {
  return value.toISOString().replace('Z', '+0000');
}

function invalidValue(fieldDef: EmulatorField, value: unknown, expected: string): ApiError {
  return new ApiError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${expected} from ${typeof value} value ${JSON.stringify(value)} for field ${fieldDef.name}`,
    [fieldDef.name],
  );
}

function coerceText(fieldDef: EmulatorField, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw invalidValue(fieldDef, value, 'string');
  }
  const text = String(value);
  checkRestrictedPicklist(fieldDef, text);
  const limit = fieldDef.length ?? 255;
  if (text.length > limit) {
    throw new ApiError(
      400,
      'STRING_TOO_LONG',
      `${fieldDef.label}: data value too large: ${text.slice(0, 40)} (max length=${limit})`,
      [fieldDef.name],
    );
  }
  if (fieldDef.type === 'email' && text !== '' && !EMAIL.test(text)) {
    throw new ApiError(
      400,
      'INVALID_EMAIL_ADDRESS',
      `${fieldDef.label}: invalid email address: ${text}`,
      [fieldDef.name],
    );
  }
  return text;
}

function coerceNumber(fieldDef: EmulatorField, value: unknown): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number))
    throw invalidValue(fieldDef, value, 'double');
  return fieldDef.type === 'int' ? Math.trunc(number) : number;
}

function coerceDate(fieldDef: EmulatorField, value: unknown): string {
  if (typeof value !== 'string') throw invalidValue(fieldDef, value, 'date');
  const day = value.slice(0, 10);
  if (!DATE.test(day) || Number.isNaN(Date.parse(day))) throw invalidValue(fieldDef, value, 'date');
  return day;
}

function coerceDateTime(fieldDef: EmulatorField, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw invalidValue(fieldDef, value, 'datetime');
  }
  const parsed = new Date(
    typeof value === 'string' ? value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2') : value,
  );
  if (Number.isNaN(parsed.getTime())) throw invalidValue(fieldDef, value, 'datetime');
  return formatDateTime(parsed);
}

function coerceReference(fieldDef: EmulatorField, value: unknown): string {
  const id = typeof value === 'string' ? normaliseId(value) : undefined;
  if (id === undefined) {
    throw new ApiError(
      400,
      'MALFORMED_ID',
      `${fieldDef.label}: id value of incorrect type: ${String(value)}`,
      [fieldDef.name],
    );
  }
  return id;
}

/** The stored form of `value` for `fieldDef`; null clears the field. */
export function coerceFieldValue(fieldDef: EmulatorField, value: unknown): unknown {
  if (value === null || value === '') return fieldDef.type === 'boolean' ? false : null;
  switch (fieldDef.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw invalidValue(fieldDef, value, 'boolean');
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return coerceNumber(fieldDef, value);
    case 'date':
      return coerceDate(fieldDef, value);
    case 'datetime':
      return coerceDateTime(fieldDef, value);
    case 'reference':
    case 'id':
      return coerceReference(fieldDef, value);
    default:
      return coerceText(fieldDef, value);
  }
}
