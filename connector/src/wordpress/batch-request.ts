import { WordPressError, wordPressErrorFrom } from './errors.js';
import type { WordPressHttp } from './http.js';
import { asWordPressError, successFrom } from './response-bodies.js';
import type { WriteResult } from './types.js';
import type { PreparedRequest } from './write-requests.js';

interface BatchItemResponse {
  status: number;
  body: unknown;
}

/**
 * What became of one batched write: its result, or 'elsewhere' when the route refused to carry
 * it (core's `rest_batch_not_allowed`, the bulk route's `sfwp_bulk_route_not_allowed`) and it
 * must go another way.
 */
export type BatchItemOutcome = WriteResult | 'elsewhere';

/** Where a batch goes: core's `/batch/v1` or the companion plugin's bulk route. */
export type BatchRoute = 'batch' | 'bulk';

/** Time allowed per bulk item on top of the client's timeout (200 items: 130 s in all). */
const BULK_ITEM_MS = 500;

const ROUTES: Record<BatchRoute, { path: string; refusal: string }> = {
  batch: { path: '/batch/v1', refusal: 'rest_batch_not_allowed' },
  bulk: { path: '/sfwp/v1/bulk', refusal: 'sfwp_bulk_route_not_allowed' },
};

/**
 * One batch request; per-item results in input order. Both routes take and answer the same
 * shape, so one bad item fails alone and a failed request fails every item with its reason.
 * A failure of the whole bulk request is thrown instead, for the caller to fall back.
 */
export async function sendBatch(
  http: WordPressHttp,
  requests: readonly PreparedRequest[],
  route: BatchRoute = 'batch',
): Promise<BatchItemOutcome[]> {
  const target = ROUTES[route];
  const body = {
    ...(route === 'batch' ? { validation: 'normal' } : {}),
    requests: requests.map((request) => ({
      method: request.method,
      path: http.pathOf(request.url),
      ...(request.body === undefined ? {} : { body: request.body }),
      // Sub-requests carry their own headers; the origin signature is the batch's own.
      ...(request.headers ? { headers: request.headers } : {}),
    })),
  };
  let responses: BatchItemResponse[];
  try {
    const response = await http.request('POST', `${http.restRoot}${target.path}`, {
      body,
      purpose: route,
      batchSize: requests.length,
      // A bulk request does up to 200 writes in one PHP process: WordPress may take minutes.
      ...(route === 'bulk' ? { timeoutMs: 30_000 + requests.length * BULK_ITEM_MS } : {}),
    });
    responses = (response.body as { responses?: BatchItemResponse[] }).responses ?? [];
  } catch (error) {
    if (route === 'bulk') throw error;
    const failure: WriteResult = { ok: false, error: asWordPressError(error) };
    return requests.map(() => failure);
  }
  return requests.map((request, position) => {
    const item = responses[position];
    const itemRoute = http.routeOf(request.url);
    if (!item) {
      return {
        ok: false,
        error: new WordPressError(
          `WordPress returned no batch result for ${request.method} ${itemRoute}`,
          {
            code: 'sfwp_missing_batch_result',
            retryable: true,
          },
        ),
      };
    }
    if (item.status >= 200 && item.status < 300) {
      try {
        return successFrom(item.status, item.body, idFromRoute(itemRoute));
      } catch (error) {
        return { ok: false, error: asWordPressError(error) };
      }
    }
    const error = wordPressErrorFrom(item.status, item.body, {
      method: request.method,
      route: itemRoute,
      username: http.username,
    });
    return error.code === target.refusal ? 'elsewhere' : { ok: false, error };
  });
}

function idFromRoute(route: string): number | undefined {
  const match = /\/(\d+)$/.exec(route);
  return match ? Number(match[1]) : undefined;
}
