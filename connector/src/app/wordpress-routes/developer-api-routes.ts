/**
 * The developer API's signed routes (docs/DEVELOPER-API.md): `POST api/query`, `POST api/apex`
 * and `GET api/describe?access=…`. Each answers only what a WP_API_Access__mdt entry allows;
 * refusals and Salesforce's failures answer `{ code, message }` with a status.
 */
import {
  loadAccessEntriesFromOrg,
  AccessEntryCache,
} from '../../salesforce/developer-api/access-entry-loader.js';
import { DeveloperApiError, REFUSAL } from '../../salesforce/developer-api/developer-api-error.js';
import {
  DeveloperApi,
  type ApexCall,
} from '../../salesforce/developer-api/developer-api-service.js';
import type { QueryParameters } from '../../salesforce/developer-api/query-builder.js';
import {
  SignedRouteInputError,
  type SignedRoute,
  type SignedRouteAnswer,
} from '../../server/signed-routes.js';
import type { WordPressRouteContext } from './index.js';

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DeveloperApiError(REFUSAL.badRequest, 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function accessName(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(value)) {
    throw new DeveloperApiError(
      REFUSAL.badRequest,
      'access must name a WP_API_Access entry (its API name)',
    );
  }
  return value;
}

function stringRecord(value: unknown, what: string): Record<string, string> | undefined {
  // PHP encodes an empty array as [], not {}.
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    return undefined;
  }
  const entries =
    typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : undefined;
  if (
    entries === undefined ||
    entries.some(([, item]) => typeof item !== 'string' && typeof item !== 'number')
  ) {
    throw new DeveloperApiError(REFUSAL.badRequest, `${what} must be an object of text values`);
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, String(item)]));
}

async function answer(work: () => Promise<unknown>): Promise<SignedRouteAnswer> {
  try {
    return { status: 200, body: await work() };
  } catch (error) {
    if (error instanceof DeveloperApiError)
      throw new SignedRouteInputError(error.code, error.message, error.status);
    throw error;
  }
}

/** One DeveloperApi per runtime, so the entry cache is shared by the three routes. */
function developerApiOf(context: WordPressRouteContext): () => DeveloperApi {
  let made: { runtime: unknown; api: DeveloperApi } | undefined;
  return () => {
    const { runtime } = context;
    if (made?.runtime !== runtime) {
      const settings = runtime.config.developerApi;
      const connection = runtime.session.connection;
      const load = async () => {
        const loaded = await loadAccessEntriesFromOrg(connection);
        for (const problem of loaded.problems)
          context.logger.warn(problem, 'WP_API_Access entry left out');
        return loaded;
      };
      const cache = new AccessEntryCache(load, settings.entryCacheSeconds * 1000);
      made = {
        runtime,
        api: new DeveloperApi({
          connection,
          entries: () => cache.get(),
          budgetReservePercent: settings.budgetReservePercent,
        }),
      };
    }
    return made.api;
  };
}

export function developerApiRoutes(context: WordPressRouteContext): SignedRoute[] {
  const api = developerApiOf(context);
  return [
    {
      method: 'POST',
      path: 'api/query',
      handle: (request) =>
        answer(() => {
          const body = objectBody(request.body);
          const parameters: QueryParameters = {
            object: typeof body.object === 'string' ? body.object : undefined,
            fields: body.fields as QueryParameters['fields'],
            filters: body.filters as QueryParameters['filters'],
            orderBy: body.orderBy as QueryParameters['orderBy'],
            limit: body.limit as QueryParameters['limit'],
            after: body.after as QueryParameters['after'],
          };
          return api().query(accessName(body.access), parameters);
        }),
    },
    {
      method: 'POST',
      path: 'api/apex',
      handle: (request) =>
        answer(() => {
          const body = objectBody(request.body);
          const method = typeof body.method === 'string' ? body.method.toUpperCase() : undefined;
          const path = typeof body.path === 'string' ? body.path : undefined;
          const call: ApexCall = { query: stringRecord(body.query, 'query'), body: body.body };
          return api().apex(accessName(body.access), method, path, call);
        }),
    },
    {
      method: 'GET',
      path: 'api/describe',
      handle: (request) =>
        answer(() => api().describe(accessName(request.query.get('access') ?? undefined))),
    },
  ];
}
