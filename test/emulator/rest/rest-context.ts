import { ApiError } from '../api-error.js';
import type { SessionInfo } from '../contracts.js';
import type { EmulatorRequest } from '../http/http-types.js';
import type { EmulatedOrg } from '../org.js';
import type { Row } from '../store/record-store.js';
import type { WriteContext } from '../store/record-writer.js';
import type { ApiUsage } from './api-usage.js';
import type { QueryCursors } from './query-cursors.js';

/** Which key per-record errors in sObject Collections results use (platform-facts: unverified). */
export type CollectionErrorKey = 'statusCode' | 'errorCode';

export interface RestContext {
  org: EmulatedOrg;
  usage: ApiUsage;
  cursors: QueryCursors;
  collectionErrorKey: CollectionErrorKey;
  /** Counts every `/composite/sobjects` call; tests read it to see how a client chunked. */
  collectionCalls: CollectionCalls;
  /** Platform events published in the last hour, whatever the route. */
  publishedEventsLastHour: () => number;
  /** Per-record faults for Collections writes (faults/record-faults.ts). */
  recordFaults?: { check(item: unknown): void };
}

export type CollectionCallKind = 'retrieve' | 'create' | 'update' | 'delete' | 'upsert';

export interface CollectionCalls {
  count: number;
  byKind: Record<CollectionCallKind, number>;
}

export function newCollectionCalls(): CollectionCalls {
  return { count: 0, byKind: { retrieve: 0, create: 0, update: 0, delete: 0, upsert: 0 } };
}

/** A REST request after authentication. */
export interface AuthenticatedRequest extends EmulatorRequest {
  session: SessionInfo;
}

export function sessionOf(request: EmulatorRequest): SessionInfo {
  const session = (request as Partial<AuthenticatedRequest>).session;
  if (!session) throw new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  return session;
}

/**
 * `Sforce-Duplicate-Rule-Header: allowSave=true; …` (API 52.0+, every field defaults to false;
 * REST API "Duplicate Rule Header").
 */
function allowSaveOf(request: EmulatorRequest): boolean {
  const header = request.headers['sforce-duplicate-rule-header'];
  const text = Array.isArray(header) ? header.join(';') : (header ?? '');
  return text
    .split(';')
    .map((part) => part.trim().toLowerCase().replace(/\s+/g, ''))
    .includes('allowsave=true');
}

export function apiWriteContext(request: EmulatorRequest): WriteContext {
  return { session: sessionOf(request), origin: 'api', allowSave: allowSaveOf(request) };
}

/** The JSON body; malformed JSON is 400 JSON_PARSER_ERROR (REST API "Status Codes"). */
export function jsonBody(request: EmulatorRequest): unknown {
  if (request.body.trim() === '') return undefined;
  try {
    return JSON.parse(request.body) as unknown;
  } catch (error) {
    throw new ApiError(
      400,
      'JSON_PARSER_ERROR',
      `Unexpected character: ${(error as Error).message}`,
    );
  }
}

export function jsonObjectBody(request: EmulatorRequest): Row {
  const body = jsonBody(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'Expected a JSON object as the request body');
  }
  return body as Row;
}
