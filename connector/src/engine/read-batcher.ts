import type { WordPressClient } from '../wordpress/client.js';
import { WordPressNotFoundError } from '../wordpress/errors.js';
import { USER_TYPE, type WordPressObject } from '../wordpress/types.js';
import { BatchGathering } from './batch-gathering.js';

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

export interface ReadBatcherOptions {
  /** Longest a read waits for others to share its request, only while others may come. */
  maxWaitMs?: number;
  /** Records being worked on now (each may ask for a read). */
  busy?: () => number;
}

/**
 * Collects reads of single objects made by independent record tasks into `include=` list
 * requests (one per type and 100 ids), so reading before merging costs a request per page of
 * records, not per record. A lone read goes at the end of the current turn, without a timer.
 * A missing object rejects with {@link WordPressNotFoundError}.
 */
export class ReadBatcher {
  private readonly waiting = new Map<string, Waiting[]>();
  private waitingCount = 0;
  /** Reads sent and not answered yet. */
  private reading = 0;
  private readonly gathering: BatchGathering;

  constructor(
    private readonly client: Pick<WordPressClient, 'list'>,
    options: ReadBatcherOptions = {},
  ) {
    const busy = options.busy;
    this.gathering = new BatchGathering({
      maxWaitMs: options.maxWaitMs ?? 10,
      others: busy ? () => busy() - this.waitingCount - this.reading : () => 0,
      flush: () => {
        this.flushAll();
      },
    });
  }

  get(type: string, id: number): Promise<WordPressObject> {
    return new Promise<WordPressObject>((resolve, reject) => {
      const list = this.waiting.get(type) ?? [];
      list.push({ id, resolve, reject });
      this.waitingCount++;
      this.waiting.set(type, list);
      if (list.length >= PAGE) this.flushType(type);
      else this.gathering.added();
    });
  }

  private flushAll(): void {
    this.gathering.reset();
    for (const type of [...this.waiting.keys()]) this.flushType(type);
  }

  private flushType(type: string): void {
    const batch = this.waiting.get(type) ?? [];
    this.waiting.delete(type);
    if (batch.length === 0) return;
    this.waitingCount -= batch.length;
    this.reading += batch.length;
    readObjectsById(
      this.client,
      type,
      batch.map((item) => item.id),
    )
      .then(
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
      )
      .finally(() => {
        this.reading -= batch.length;
      });
  }
}
