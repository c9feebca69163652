import type { WordPressClient } from '../wordpress/client.js';
import { USER_TYPE, type WordPressObject } from '../wordpress/types.js';
import { BatchGathering } from './batch-gathering.js';

/** WordPress lists at most 100 objects a page. */
const PAGE = 100;

/** The match field's value of an object (a mapping's WordPress match field). */
export type FieldReader = (object: WordPressObject) => unknown;

interface Lookup {
  value: string;
  resolve: (objects: WordPressObject[]) => void;
  reject: (error: unknown) => void;
}

interface Group {
  type: string;
  field: string;
  read: FieldReader;
  lookups: Lookup[];
}

const normalised = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined;

/**
 * Finds WordPress objects by a field value (a mapping's match field, e.g. a user's email) for
 * many records at once. The companion plugin's lookup route answers 200 values a request (then
 * only the objects found are read, by id). Without it — WordPress's REST API searches for one
 * term a request — lookups made together are answered by whichever costs fewer requests:
 * reading the type's objects in pages of 100 (once the pages left are no more than the values
 * left), or one search per value.
 * Only matches are kept, never the pages read, so memory stays bounded.
 */
export class MatchBatcher {
  private readonly groups = new Map<string, Group>();
  private waitingCount = 0;
  private looking = 0;
  /** Lookups being answered; the next ones gather meanwhile and go together after. */
  private round: Promise<void> | undefined;
  private readonly gathering: BatchGathering;

  constructor(
    private readonly client: Pick<WordPressClient, 'list' | 'lookUp'>,
    options: { maxWaitMs?: number; busy?: () => number } = {},
  ) {
    const busy = options.busy;
    this.gathering = new BatchGathering({
      maxWaitMs: options.maxWaitMs ?? 10,
      others: busy ? () => busy() - this.waitingCount - this.looking : () => 0,
      flush: () => {
        this.flushAll();
      },
    });
  }

  /**
   * Objects of `type` whose field (read by `read`; `field` names it) equals `value`, ignoring
   * case and surrounding spaces, in id order.
   */
  find(type: string, field: string, read: FieldReader, value: string): Promise<WordPressObject[]> {
    const key = `${type}\u0000${field}`;
    return new Promise<WordPressObject[]>((resolve, reject) => {
      const group = this.groups.get(key) ?? { type, field, read, lookups: [] };
      group.lookups.push({ value: value.trim(), resolve, reject });
      this.groups.set(key, group);
      this.waitingCount++;
      this.gathering.added();
    });
  }

  private flushAll(): void {
    this.gathering.reset();
    if (this.round || this.groups.size === 0) return;
    const groups = [...this.groups.values()];
    this.groups.clear();
    this.round = Promise.all(groups.map((group) => this.answer(group))).then(() => {
      this.round = undefined;
      this.flushAll();
    });
  }

  private answer(group: Group): Promise<void> {
    this.waitingCount -= group.lookups.length;
    this.looking += group.lookups.length;
    return this.lookUp(group)
      .then(
        (found) => {
          for (const lookup of group.lookups)
            lookup.resolve(found.get(normalised(lookup.value) ?? '') ?? []);
        },
        (error: unknown) => {
          for (const lookup of group.lookups) lookup.reject(error);
        },
      )
      .finally(() => {
        this.looking -= group.lookups.length;
      });
  }

  private async lookUp(group: Group): Promise<Map<string, WordPressObject[]>> {
    const wanted = new Set(group.lookups.flatMap((lookup) => normalised(lookup.value) ?? []));
    const found = new Map<string, WordPressObject[]>();
    const keep = (objects: readonly WordPressObject[], only?: string): void => {
      for (const object of objects) {
        const value = normalised(group.read(object));
        if (value === undefined || !wanted.has(value) || (only && value !== only)) continue;
        found.set(value, [...(found.get(value) ?? []), object]);
      }
    };
    const statusAny = group.type === USER_TYPE ? {} : { status: 'any' };
    const looked = await this.client.lookUp?.(group.type, group.field, [...wanted]);
    if (looked) {
      // The plugin compared in the database; the objects found are read, and compared again.
      const ids = [...new Set(looked.map((match) => match.id))];
      for (let start = 0; start < ids.length; start += PAGE) {
        const include = ids.slice(start, start + PAGE);
        keep((await this.client.list(group.type, { include, perPage: PAGE, ...statusAny })).items);
      }
      return found;
    }
    if (wanted.size > 1) {
      for (let page = 1; ; page++) {
        const listed = await this.client.list(group.type, {
          page,
          perPage: PAGE,
          orderBy: 'id',
          order: 'asc',
          ...statusAny,
        });
        keep(listed.items);
        const pagesLeft = listed.totalPages - page;
        if (pagesLeft <= 0) return found;
        const valuesLeft = [...wanted].filter((value) => !found.has(value)).length;
        if (valuesLeft === 0 || pagesLeft > valuesLeft) break;
      }
    }
    for (const value of wanted) {
      if (found.has(value)) continue;
      const page = await this.client.list(group.type, { search: value, perPage: 20, ...statusAny });
      keep(page.items, value);
    }
    return found;
  }
}
