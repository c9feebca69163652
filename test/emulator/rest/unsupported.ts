/**
 * What the emulator does not implement answers with an error naming it, never with silently
 * wrong data (issue 15; docs/EMULATOR.md, "Fidelity"). A Salesforce feature the emulator lacks
 * is 400 UNSUPPORTED_IN_EMULATOR, the emulator's own code (as for SOQL, soql/errors.ts): a real
 * org never answers it, so nobody mistakes it for the org's verdict. A path that is no REST
 * resource at all is 404 NOT_FOUND naming the path. A query parameter a resource does not take
 * here is refused too, since ignoring it (as Salesforce ignores parameters it does not know)
 * could hide a feature the caller relies on.
 */
import { ApiError } from '../api-error.js';
import type { OrgSchema } from '../schema/org-schema.js';

export function notSupported(feature: string): ApiError {
  return new ApiError(
    400,
    'UNSUPPORTED_IN_EMULATOR',
    `${feature} is not supported by the sfwp org emulator (docs/EMULATOR.md, "Fidelity").`,
  );
}

export function noSuchResource(method: string, path: string): ApiError {
  return new ApiError(
    404,
    'NOT_FOUND',
    `The requested resource does not exist: ${method} ${path} is not a REST resource the sfwp org emulator serves (docs/EMULATOR.md, "Fidelity").`,
  );
}

/** REST resources of Salesforce the emulator lacks, by the path after `/services/data/vXX.X`. */
const UNSUPPORTED_RESOURCES: readonly (readonly [RegExp, string])[] = [
  [/^\/(search|parameterizedSearch)(\/|$)/, 'Search (SOSL, /search and /parameterizedSearch)'],
  [/^\/tooling(\/|$)/, 'The Tooling API'],
  [/^\/jobs(\/|$)/, 'Bulk API 2.0 (/jobs)'],
  [/^\/composite\/graph(\/|$)/, 'Composite Graph (/composite/graph)'],
  [/^\/composite\/batch(\/|$)/, 'Composite Batch (/composite/batch)'],
  [/^\/(actions|process|quickActions)(\/|$)/, 'Invocable actions, processes and quick actions'],
  [/^\/(analytics|wave|smartdatadiscovery)(\/|$)/, 'The Analytics and Reports API'],
  [/^\/(chatter|connect)(\/|$)/, 'Connect REST API (Chatter)'],
  [/^\/ui-api(\/|$)/, 'User Interface API (/ui-api)'],
  [/^\/(recent|recentlyViewed)(\/|$)/, 'Recently viewed items (/recent)'],
  [
    /^\/(appMenu|compactLayouts|theme|tabs|support|consent|scheduling|async-queries)(\/|$)/,
    'This REST resource',
  ],
  [
    /^\/sobjects\/\w+\/(listviews|quickActions|describe\/\w+|layouts|compactLayouts|approvalLayouts|relevantItems|suggestedArticles)(\/|$)/,
    'This sObject sub-resource (list views, layouts, quick actions)',
  ],
];

/** The unsupported feature a data path names, or undefined. */
export function unsupportedResource(schema: OrgSchema, relativePath: string): string | undefined {
  for (const [pattern, feature] of UNSUPPORTED_RESOURCES) {
    if (pattern.test(relativePath)) return feature;
  }
  // `/sobjects/{T}/{id}/{relationship}`: the same shape as `/sobjects/{T}/{extIdField}/{value}`
  // but the middle segment is no field of the object.
  const traversal = /^\/sobjects\/(\w+)\/([^/]+)\/([^/]+)\/?$/.exec(relativePath);
  if (
    traversal &&
    schema.getObject(traversal[1] ?? '') &&
    !schema.getField(traversal[1] ?? '', traversal[2] ?? '')
  ) {
    if (/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(traversal[2] ?? '')) {
      return `Relationship traversal (/sobjects/${traversal[1]}/{id}/${traversal[3]})`;
    }
  }
  return undefined;
}

/** Query parameters each resource takes here; anything else is refused. */
const PARAMETERS: readonly (readonly [string, RegExp, readonly string[]])[] = [
  ['GET', /^\/(query|queryAll)\/?$/, ['q']],
  ['GET', /^\/sobjects\/\w+\/(updated|deleted)\/?$/, ['start', 'end']],
  ['GET', /^\/sobjects\/\w+\/eventSchema\/?$/, ['payloadFormat']],
  ['GET', /^\/event\/eventSchema\/[\w-]+\/?$/, ['payloadFormat']],
  ['GET', /^\/composite\/sobjects\/\w+\/?$/, ['ids', 'fields']],
  ['DELETE', /^\/composite\/sobjects\/?$/, ['ids', 'allOrNone']],
  ['GET', /^\/sobjects\/\w+\/[^/]+(\/[^/]+)?\/?$/, ['fields']],
];

const KNOWN_UNSUPPORTED_PARAMETERS: Readonly<Record<string, string>> = {
  explain: 'The query plan (/query?explain=)',
};

export function checkParameters(
  method: string,
  relativePath: string,
  query: URLSearchParams,
): void {
  const allowed =
    PARAMETERS.find(
      ([routeMethod, pattern]) => routeMethod === method && pattern.test(relativePath),
    )?.[2] ?? [];
  for (const name of new Set(query.keys())) {
    if (allowed.includes(name)) continue;
    throw notSupported(
      KNOWN_UNSUPPORTED_PARAMETERS[name] ??
        `The query parameter '${name}' on ${method} ${relativePath}`,
    );
  }
}

/** Conditional request headers (REST API "Conditional Requests"): honouring none of them here. */
const CONDITIONAL_HEADERS = ['if-match', 'if-none-match', 'if-unmodified-since'];

/**
 * Refuses conditional request headers: ignoring If-Match or If-Unmodified-Since would write over
 * a record the caller meant to protect. If-Modified-Since is let through: answering the full
 * body instead of 304 is never wrong data.
 */
export function checkHeaders(headers: Readonly<Record<string, unknown>>): void {
  for (const name of CONDITIONAL_HEADERS) {
    if (headers[name] !== undefined) {
      throw notSupported(`The conditional request header ${name} (ETag preconditions)`);
    }
  }
}
