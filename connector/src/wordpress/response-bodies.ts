import { WordPressError } from './errors.js';
import type { WordPressObject, WriteSuccess } from './types.js';

/** WordPress sends `meta: []` (an empty PHP array) when no meta is registered. */
export function normalise(body: unknown): WordPressObject {
  const object = body as Omit<WordPressObject, 'meta'> & { meta?: unknown };
  if (!object.meta || Array.isArray(object.meta) || typeof object.meta !== 'object') {
    object.meta = {};
  }
  return object as WordPressObject;
}

/** A successful write's answer; `knownId` stands in when the body carries no object. */
export function successFrom(
  status: number,
  body: unknown,
  knownId: number | undefined,
): WriteSuccess {
  let object: WordPressObject | undefined;
  if (body !== null && typeof body === 'object') {
    // A permanent delete answers { deleted: true, previous: {...} }.
    object = 'previous' in body ? normalise(body.previous) : normalise(body);
  }
  const id = object?.id ?? knownId;
  if (id === undefined) {
    throw new WordPressError('WordPress reported success without the object id', {
      code: 'sfwp_missing_id',
      status,
    });
  }
  return { ok: true, status, id, object };
}

export function asWordPressError(error: unknown): WordPressError {
  if (error instanceof WordPressError) return error;
  return new WordPressError(`Unexpected failure talking to WordPress: ${String(error)}`, {
    code: 'sfwp_internal',
    cause: error,
  });
}
