/**
 * `POST /composite`: up to 25 subrequests, at most 5 of them sObject Collections or queries,
 * run in order in one call (counted once); `@{ref.path}` references earlier results.
 * allOrNone:true rolls everything back on the first failure and answers 200 with a response
 * per subrequest; otherwise only subrequests that reference a failed one are skipped
 * (platform-facts "Composite"). The error code for too many subrequests is unverified; we use
 * LIMIT_EXCEEDED.
 */
import { ApiError } from '../api-error.js';
import type { EmulatorRequest, EmulatorResponse } from '../http/http-types.js';
import { jsonResponse } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import type { Row } from '../store/record-store.js';
import { jsonObjectBody, type RestContext } from './rest-context.js';
import { scalarText } from '../scalar-text.js';

const V = '/services/data/v(\\d+\\.\\d+)';
export const MAX_SUBREQUESTS = 25;
export const MAX_COLLECTION_OR_QUERY_SUBREQUESTS = 5;

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const REFERENCE = /@\{([\w]+)\.([^}]+)\}/g;

class UnresolvedReference extends Error {
  constructor(readonly reference: string) {
    super(reference);
  }
}

/** `records[0].Id` → ['records', 0, 'Id'] walked through a JSON value. */
function resolvePath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    const match = /^(\w+)((?:\[\d+\])*)$/.exec(part);
    if (!match) return undefined;
    current = (current as Row | undefined)?.[match[1] ?? ''];
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) {
      current = Array.isArray(current) ? (current[Number(index[1])] as unknown) : undefined;
    }
  }
  return current;
}

function substitute(text: string, results: Map<string, SubResponse>): unknown {
  const lookup = (refId: string, path: string): unknown => {
    const result = results.get(refId);
    const value =
      result && result.httpStatusCode < 400 ? resolvePath(result.body, path) : undefined;
    if (value === undefined) throw new UnresolvedReference(`${refId}.${path}`);
    return value;
  };
  const whole = /^@\{([\w]+)\.([^}]+)\}$/.exec(text);
  if (whole) return lookup(whole[1] ?? '', whole[2] ?? '');
  return text.replace(REFERENCE, (_match, refId: string, path: string) =>
    scalarText(lookup(refId, path)),
  );
}

function substituteDeep(value: unknown, results: Map<string, SubResponse>): unknown {
  if (typeof value === 'string') return substitute(value, results);
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, results));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteDeep(item, results)]),
    );
  }
  return value;
}

function parseSubrequests(body: Row): Subrequest[] {
  const list = body.compositeRequest;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'compositeRequest must be a non-empty array');
  }
  if (list.length > MAX_SUBREQUESTS) {
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `A composite request can have at most ${MAX_SUBREQUESTS} subrequests`,
    );
  }
  const subrequests = list as Subrequest[];
  const heavy = subrequests.filter((sub) => /\/(composite\/sobjects|query)(\/|\?|$)/.test(sub.url));
  if (heavy.length > MAX_COLLECTION_OR_QUERY_SUBREQUESTS) {
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `A composite request can have at most ${MAX_COLLECTION_OR_QUERY_SUBREQUESTS} sObject Collections or query subrequests`,
    );
  }
  for (const sub of subrequests) {
    if (
      typeof sub.method !== 'string' ||
      typeof sub.url !== 'string' ||
      typeof sub.referenceId !== 'string'
    ) {
      throw new ApiError(
        400,
        'JSON_PARSER_ERROR',
        'Each subrequest needs method, url and referenceId',
      );
    }
  }
  return subrequests;
}

/** Subrequest headers as node:http presents request headers: names in lower case. */
function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function haltedResponse(referenceId: string, message: string): SubResponse {
  return {
    body: [{ errorCode: 'PROCESSING_HALTED', message }],
    httpHeaders: {},
    httpStatusCode: 400,
    referenceId,
  };
}

export type Dispatch = (request: EmulatorRequest) => Promise<EmulatorResponse>;

export function addCompositeRoute(router: Router, context: RestContext, dispatch: Dispatch): void {
  router.add('POST', new RegExp(`^${V}/composite/?$`), async (request) => {
    const body = jsonObjectBody(request);
    const subrequests = parseSubrequests(body);
    const allOrNone = body.allOrNone === true;
    const results = new Map<string, SubResponse>();
    const ordered: SubResponse[] = [];
    // One transaction for all subrequests: events publish once it commits.
    const start = context.org.store.begin();
    let failedAt = -1;
    try {
      for (const [index, sub] of subrequests.entries()) {
        let response: SubResponse;
        try {
          const url = String(substitute(sub.url, results));
          const subBody =
            sub.body === undefined ? '' : JSON.stringify(substituteDeep(sub.body, results));
          const parsed = new URL(url, 'http://composite.invalid');
          const answer = await dispatch({
            ...request,
            headers: { ...request.headers, ...lowerCaseKeys(sub.httpHeaders ?? {}) },
            method: sub.method.toUpperCase(),
            path: parsed.pathname,
            query: parsed.searchParams,
            body: subBody,
          });
          response = {
            body: answer.json ?? null,
            httpHeaders: answer.headers ?? {},
            httpStatusCode: answer.status,
            referenceId: sub.referenceId,
          };
        } catch (error) {
          if (!(error instanceof UnresolvedReference)) throw error;
          response = haltedResponse(
            sub.referenceId,
            `Invalid reference specified. No value for ${error.reference} found in ${sub.referenceId}. Provided referenceId ensure it's the same as the one used in the request.`,
          );
        }
        results.set(sub.referenceId, response);
        ordered.push(response);
        if (response.httpStatusCode >= 400 && allOrNone) {
          failedAt = index;
          break;
        }
      }
    } catch (error) {
      context.org.store.abort(start);
      throw error;
    }
    if (failedAt >= 0) {
      context.org.store.abort(start);
      const halted =
        'The transaction was rolled back since another operation in the same transaction failed.';
      const responses = subrequests.map((sub, index) =>
        index === failedAt
          ? (ordered[index] as SubResponse)
          : haltedResponse(sub.referenceId, halted),
      );
      return jsonResponse(200, { compositeResponse: responses });
    }
    context.org.store.finish();
    return jsonResponse(200, { compositeResponse: ordered });
  });
}
