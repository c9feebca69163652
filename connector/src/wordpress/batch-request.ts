import { WordPressError, wordPressErrorFrom } from './errors.js';
import type { WordPressHttp } from './http.js';
import { asWordPressError, successFrom } from './response-bodies.js';
import type { WriteResult } from './types.js';
import type { PreparedRequest } from './write-requests.js';

interface BatchItemResponse {
  status: number;
  body: unknown;
}

/** What became of one batched write: its result, or WordPress refusing to batch it. */
export type BatchItemOutcome = WriteResult | 'not-batchable';

/** One /batch/v1 request; per-item results, or 'not-batchable' for items WordPress refused to batch. */
export async function sendBatch(
  http: WordPressHttp,
  requests: readonly PreparedRequest[],
): Promise<BatchItemOutcome[]> {
  const body = {
    validation: 'normal',
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
    const response = await http.request('POST', `${http.restRoot}/batch/v1`, {
      body,
      purpose: 'batch',
      batchSize: requests.length,
    });
    responses = (response.body as { responses?: BatchItemResponse[] }).responses ?? [];
  } catch (error) {
    const failure: WriteResult = { ok: false, error: asWordPressError(error) };
    return requests.map(() => failure);
  }
  return requests.map((request, position) => {
    const item = responses[position];
    const route = http.routeOf(request.url);
    if (!item) {
      return {
        ok: false,
        error: new WordPressError(
          `WordPress returned no batch result for ${request.method} ${route}`,
          {
            code: 'sfwp_missing_batch_result',
            retryable: true,
          },
        ),
      };
    }
    if (item.status >= 200 && item.status < 300) {
      return successFrom(item.status, item.body, idFromRoute(route));
    }
    const error = wordPressErrorFrom(item.status, item.body, {
      method: request.method,
      route,
      username: http.username,
    });
    return error.code === 'rest_batch_not_allowed' ? 'not-batchable' : { ok: false, error };
  });
}

function idFromRoute(route: string): number | undefined {
  const match = /\/(\d+)$/.exec(route);
  return match ? Number(match[1]) : undefined;
}
