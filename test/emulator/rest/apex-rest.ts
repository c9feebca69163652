/**
 * Apex REST (`/services/apexrest/…`): the org's `@RestResource` classes, registered in the org
 * config (`OrgConfig.apexRest`) as TypeScript stand-ins. URL matching follows the RestResource
 * annotation's rules: case-sensitive, an exact mapping wins, else the longest matching wildcard
 * mapping; no match is 404 (docs/EMULATOR.md, "Apex REST").
 */
import type { EmulatorRequest, EmulatorResponse } from '../http/http-types.js';
import { jsonResponse } from '../http/http-types.js';

export type ApexRestMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What an `@Http…` method sees of `RestContext.request`. */
export interface ApexRestRequest {
  /** The path after /services/apexrest, e.g. `/sfwp/sample/42`. */
  requestURI: string;
  params: Record<string, string>;
  /** The parsed JSON body; undefined when there is none. */
  body: unknown;
}

export interface ApexRestClass {
  /** The class name (for messages). */
  name: string;
  /** `@RestResource(urlMapping=…)`, e.g. `/sfwp/sample/*`. */
  urlMapping: string;
  methods: Partial<Record<ApexRestMethod, (request: ApexRestRequest) => unknown>>;
}

const PREFIX = '/services/apexrest';

function matches(mapping: string, path: string): boolean {
  if (!mapping.includes('*')) return mapping === path;
  const pattern = mapping
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^]*');
  return (
    new RegExp(`^${pattern}$`).test(path) ||
    (mapping.endsWith('/*') && path === mapping.slice(0, -2))
  );
}

/** The class serving `path`: an exact mapping first, else the longest wildcard mapping. */
export function findApexRestClass(
  classes: readonly ApexRestClass[],
  path: string,
): ApexRestClass | undefined {
  const exact = classes.find((candidate) => candidate.urlMapping === path);
  if (exact) return exact;
  return classes
    .filter(
      (candidate) => candidate.urlMapping.includes('*') && matches(candidate.urlMapping, path),
    )
    .sort((a, b) => b.urlMapping.length - a.urlMapping.length)[0];
}

function parseBody(request: EmulatorRequest): { ok: true; value: unknown } | { ok: false } {
  if (request.body === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(request.body) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Serves an authenticated `/services/apexrest/…` request. */
export function serveApexRest(
  classes: readonly ApexRestClass[],
  request: EmulatorRequest,
): EmulatorResponse {
  const path = request.path.slice(PREFIX.length) || '/';
  const found = findApexRestClass(classes, path);
  if (found === undefined) {
    return jsonResponse(404, [
      { errorCode: 'NOT_FOUND', message: `Could not find a match for URL ${path}` },
    ]);
  }
  const method = found.methods[request.method as ApexRestMethod];
  if (method === undefined) {
    const allowed = Object.keys(found.methods).join(', ');
    return jsonResponse(405, [
      {
        errorCode: 'METHOD_NOT_ALLOWED',
        message: `HTTP Method '${request.method}' not allowed. Allowed are ${allowed}`,
      },
    ]);
  }
  const body = parseBody(request);
  if (!body.ok) {
    return jsonResponse(400, [
      { errorCode: 'JSON_PARSER_ERROR', message: 'The request body is not valid JSON' },
    ]);
  }
  const result = method({
    requestURI: path,
    params: Object.fromEntries(request.query),
    body: body.value,
  });
  return jsonResponse(200, result ?? null);
}

/**
 * The stand-in for the package's sample class WPSyncApiSample (`/sfwp/sample/*`): GET answers
 * its query parameters, POST echoes its JSON body; the developer API tests call it.
 */
export const SAMPLE_APEX_REST_CLASS: ApexRestClass = {
  name: 'WPSyncApiSample',
  urlMapping: '/sfwp/sample/*',
  methods: {
    GET: (request) => ({
      service: 'WPSyncApiSample',
      method: 'GET',
      path: request.requestURI,
      params: request.params,
    }),
    POST: (request) => ({
      service: 'WPSyncApiSample',
      method: 'POST',
      path: request.requestURI,
      received: request.body ?? null,
    }),
  },
};
