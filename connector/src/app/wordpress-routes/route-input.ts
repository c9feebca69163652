import { SignedRouteInputError, type SignedRouteAnswer } from '../../server/signed-routes.js';
import type { ObjectMapping } from '../../mapping/types.js';

/** The most WordPress ids one call may name (a list table page, a bulk action of 1,000). */
export const MAX_IDS = 1000;

/** `user` or a post type slug, as the companion plugin names object types. */
export function objectType(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z0-9_-]{1,20}$/.test(value)) {
    throw new SignedRouteInputError(
      'INVALID_TYPE',
      'type must be "user" or a post type slug (a-z, 0-9, _ and -, at most 20 characters)',
    );
  }
  return value;
}

/** A list of positive WordPress ids, duplicates removed. */
export function wordpressIds(value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IDS) {
    throw new SignedRouteInputError(
      'INVALID_IDS',
      `ids must be a list of 1 to ${MAX_IDS} WordPress ids`,
    );
  }
  const ids = value.map(Number);
  if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
    throw new SignedRouteInputError('INVALID_IDS', 'ids must be positive whole numbers');
  }
  return [...new Set(ids)];
}

/** The JSON object a POST carries. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SignedRouteInputError('INVALID_BODY', 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** The loaded mappings whose WordPress side is `type`, active or not. */
export function mappingsOfType(
  mappings: ReadonlyMap<string, ObjectMapping>,
  type: string,
): ObjectMapping[] {
  return [...mappings.values()].filter((mapping) => mapping.wordpressType === type);
}

/** A Salesforce record's page, when the connector knows the org's address. */
export function recordUrl(
  instanceUrl: string | undefined,
  salesforceId: string | undefined,
): string | null {
  if (instanceUrl === undefined || salesforceId === undefined) return null;
  return `${instanceUrl.replace(/\/+$/, '')}/${encodeURIComponent(salesforceId)}`;
}

/** Runs a synchronous handler so that a refusal of its input rejects the answer, never throws. */
export function answering(work: () => SignedRouteAnswer): Promise<SignedRouteAnswer> {
  return new Promise((resolve) => {
    resolve(work());
  });
}

/** A whole-number query argument from 1 to `max`, or the fallback when absent. */
export function whole(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new SignedRouteInputError(
      'INVALID_PAGING',
      `${name} must be a whole number from 1 to ${max}`,
    );
  }
  return value;
}
