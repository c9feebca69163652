import type { WordPressClient } from '../wordpress/client.js';
import { WordPressNotFoundError } from '../wordpress/errors.js';
import { USER_TYPE, type WordPressObject } from '../wordpress/types.js';

/** WordPress lists at most 100 objects a page. */
const PAGE = 100;

/**
 * The objects of one type with the given ids, read with `include=` (100 a request); ids that
 * do not exist (or are in the trash) are absent from the map.
 */
export async function readObjectsById(
  client: Pick<WordPressClient, 'list'>,
  type: string,
  ids: readonly number[],
): Promise<Map<number, WordPressObject>> {
  const found = new Map<number, WordPressObject>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += PAGE) {
    const page = await client.list(type, {
      include: unique.slice(start, start + PAGE),
      perPage: PAGE,
      ...(type === USER_TYPE ? {} : { status: 'any' }),
    });
    for (const object of page.items) found.set(object.id, object);
  }
  return found;
}

interface Waiting {
  id: number;
  resolve: (object: WordPressObject) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects reads of single objects made by independent record tasks into `include=` list
 * requests (one per type and 100 ids), so reading before merging costs a request per page of
 * records, not per record. A missing object rejects with {@link WordPressNotFoundError}.
 */
export class ReadBatcher {
  private readonly waiting = new Map<string, Waiting[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Pick<WordPressClient, 'list'>,
    private readonly maxWaitMs = 10,
  ) {}

  get(type: string, id: number): Promise<WordPressObject> {
    return new Promise<WordPressObject>((resolve, reject) => {
      const list = this.waiting.get(type) ?? [];
      list.push({ id, resolve, reject });
      this.waiting.set(type, list);
      if (list.length >= PAGE) this.flushType(type);
      else
        this.timer ??= setTimeout(() => {
          this.flushAll();
        }, this.maxWaitMs);
    });
  }

  private flushAll(): void {
    this.timer = undefined;
    for (const type of [...this.waiting.keys()]) this.flushType(type);
  }

  private flushType(type: string): void {
    const batch = this.waiting.get(type) ?? [];
    this.waiting.delete(type);
    if (batch.length === 0) return;
    readObjectsById(
      this.client,
      type,
      batch.map((item) => item.id),
    ).then(
      (found) => {
        for (const item of batch) {
          const object = found.get(item.id);
          if (object) item.resolve(object);
          else
            item.reject(
              new WordPressNotFoundError(`WordPress ${type} ${String(item.id)} does not exist`, {
                code: 'rest_no_such_object',
                status: 404,
              }),
            );
        }
      },
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
  }
}
