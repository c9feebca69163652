/**
 * The rows of one object, with value indexes built on first lookup of a field and kept up to
 * date on every write, so external-id matching and unique checks stay fast on large tables.
 */
import { scalarText } from '../scalar-text.js';

export type Row = Record<string, unknown>;

/** External ids and unique text match case-insensitively. */
function indexKey(value: unknown): string {
  return scalarText(value).toLowerCase();
}

export class Table {
  private readonly rowsById = new Map<string, Row>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  get size(): number {
    return this.rowsById.size;
  }

  values(): IterableIterator<Row> {
    return this.rowsById.values();
  }

  get(id: string): Row | undefined {
    return this.rowsById.get(id);
  }

  /** Stores `row` under `id`, or removes the row when `row` is undefined. */
  set(id: string, row: Row | undefined): void {
    const previous = this.rowsById.get(id);
    for (const [field, index] of this.indexes) {
      if (previous) this.unindex(index, previous[field], id);
      if (row) this.addToIndex(index, row[field], id);
    }
    if (row) this.rowsById.set(id, row);
    else this.rowsById.delete(id);
  }

  /** Rows whose `field` equals `value` (case-insensitively); null never matches. */
  findByValue(field: string, value: unknown): Row[] {
    if (value === null || value === undefined) return [];
    let index = this.indexes.get(field);
    if (!index) {
      index = new Map();
      for (const [id, row] of this.rowsById) this.addToIndex(index, row[field], id);
      this.indexes.set(field, index);
    }
    const ids = index.get(indexKey(value));
    return ids
      ? [...ids].map((id) => this.rowsById.get(id)).filter((row): row is Row => row !== undefined)
      : [];
  }

  private addToIndex(index: Map<string, Set<string>>, value: unknown, id: string): void {
    if (value === null || value === undefined) return;
    const key = indexKey(value);
    let ids = index.get(key);
    if (!ids) {
      ids = new Set();
      index.set(key, ids);
    }
    ids.add(id);
  }

  private unindex(index: Map<string, Set<string>>, value: unknown, id: string): void {
    if (value === null || value === undefined) return;
    const key = indexKey(value);
    const ids = index.get(key);
    ids?.delete(id);
    if (ids?.size === 0) index.delete(key);
  }
}
