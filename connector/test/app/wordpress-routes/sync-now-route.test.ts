import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/app/runtime.js';
import { syncNowRoute } from '../../../src/app/wordpress-routes/sync-now-route.js';
import { retryRoute } from '../../../src/app/wordpress-routes/retry-route.js';

/** A runtime with no mappings: enough for input checks and an empty background run. */
const runtime = { mappings: () => new Map() } as unknown as Runtime;
const logger = pino({ level: 'silent' });

function post(route: ReturnType<typeof syncNowRoute>, body: unknown) {
  return route.handle({ method: 'POST', path: route.path, query: new URLSearchParams(), body });
}

describe('POST /wordpress/sync-now', () => {
  it('accepts the objects at once with 202', async () => {
    const answer = await post(syncNowRoute({ runtime, logger }), { type: 'user', ids: [3, 3, 4] });
    expect(answer).toEqual({ status: 202, body: { accepted: 2, type: 'user' } });
  });

  it.each([
    [{ type: 'user' }, 'INVALID_IDS'],
    [{ type: '', ids: [1] }, 'INVALID_TYPE'],
    [null, 'INVALID_BODY'],
  ])('refuses %j with %s', async (body, code) => {
    await expect(post(syncNowRoute({ runtime, logger }), body)).rejects.toMatchObject({ code });
  });
});

describe('POST /wordpress/retry', () => {
  it('refuses a mapping the connector has not loaded, with 422', async () => {
    await expect(
      post(retryRoute({ runtime, logger }), { mapping: 'Nope', ids: [1] }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_MAPPING', status: 422 });
  });
});
