/**
 * In-memory tables of records, with savepoints: every mutation is undoable until commit, and
 * the record changes of a transaction reach listeners only when it commits (which is how the
 * package's Publish After Commit events behave: platform-facts "Publish behaviour").
 */
import type { SessionInfo } from '../contracts.js';
import type { RecordJournal, RecordState } from './record-journal.js';
import { Table, type Row } from './table.js';

export type { Row } from './table.js';

export type ChangeOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';

/** Who caused a change: a client call, or the package's own result trigger. */
export type ChangeOrigin = 'api' | 'resultTrigger';

export interface RecordChange {
  objectName: string;
  operation: ChangeOperation;
  before?: Row;
  after?: Row;
  session: SessionInfo;
  origin: ChangeOrigin;
  /**
   * The record whose delete or undelete removed or restored this one by cascade (set only for
   * those children: their own triggers do not run).
   */
  cascadeOf?: string;
}

/** A row in the recycle bin; `deletedWith` is the parent whose delete cascaded to it. */
export interface RecycledRecord {
  objectName: string;
  row: Row;
  deletedWith?: string;
}

export interface Savepoint {
  undoLength: number;
  changeLength: number;
}

export class RecordStore {
  private readonly tables = new Map<string, Table>();
  private readonly recycleBin = new Map<string, RecycledRecord>();
  private undoLog: (() => void)[] = [];
  private pendingChanges: RecordChange[] = [];
  private depth = 0;
  private readonly listeners: ((changes: RecordChange[]) => void)[] = [];
  private journal: { file: RecordJournal; skip: (objectName: string) => boolean } | undefined;
  /** Records touched since the last commit, for the journal: key → [objectName, id]. */
  private readonly touched = new Map<string, [string, string]>();

  /**
   * Loads the journal's records (no triggers run, nothing is published) and from then on
   * journals every commit, except objects `skip` names (those the org builds at every start,
   * such as custom metadata from the package). Returns the ids it loaded.
   */
  restoreFrom(file: RecordJournal, skip: (objectName: string) => boolean): string[] {
    const ids: string[] = [];
    for (const state of file.load()) {
      if (skip(state.objectName)) continue;
      if (state.row) this.table(state.objectName).set(state.id, state.row);
      if (state.recycled) {
        this.recycleBin.set(state.id, {
          objectName: state.objectName,
          row: state.recycled,
          ...(state.deletedWith !== undefined ? { deletedWith: state.deletedWith } : {}),
        });
      }
      ids.push(state.id);
    }
    this.journal = { file, skip };
    return ids;
  }

  private touch(objectName: string, id: string): void {
    if (!this.journal || this.journal.skip(objectName)) return;
    this.touched.set(`${objectName.toLowerCase()}:${id}`, [objectName, id]);
    if (this.depth === 0) this.writeJournal();
  }

  private writeJournal(): void {
    if (!this.journal || this.touched.size === 0) return;
    const states: RecordState[] = [];
    for (const [objectName, id] of this.touched.values()) {
      const row = this.table(objectName).get(id);
      const recycled = this.recycleBin.get(id);
      states.push({
        objectName,
        id,
        ...(row ? { row } : {}),
        ...(recycled ? { recycled: recycled.row } : {}),
        ...(recycled?.deletedWith !== undefined ? { deletedWith: recycled.deletedWith } : {}),
      });
    }
    this.touched.clear();
    this.journal.file.append(states);
  }

  /** Stops journaling (the org is closing). */
  closeJournal(): void {
    this.writeJournal();
    this.journal?.file.close();
    this.journal = undefined;
  }

  private table(objectName: string): Table {
    const key = objectName.toLowerCase();
    let table = this.tables.get(key);
    if (!table) {
      table = new Table();
      this.tables.set(key, table);
    }
    return table;
  }

  rows(objectName: string): IterableIterator<Row> {
    return this.table(objectName).values();
  }

  count(objectName: string): number {
    return this.table(objectName).size;
  }

  get(objectName: string, id: string): Row | undefined {
    return this.table(objectName).get(id);
  }

  /** Rows of `objectName` whose `field` equals `value`, case-insensitively (indexed). */
  findByValue(objectName: string, field: string, value: unknown): Row[] {
    return this.table(objectName).findByValue(field, value);
  }

  isInRecycleBin(id: string): boolean {
    return this.recycleBin.has(id);
  }

  recycled(id: string): RecycledRecord | undefined {
    return this.recycleBin.get(id);
  }

  /** Ids of the recycled records that the delete of `parentId` removed by cascade. */
  deletedWith(parentId: string): string[] {
    const ids: string[] = [];
    for (const [id, entry] of this.recycleBin) if (entry.deletedWith === parentId) ids.push(id);
    return ids;
  }

  /** Finds the table that holds `id`, whatever its object. */
  findById(id: string): { objectName: string; row: Row } | undefined {
    for (const [objectName, table] of this.tables) {
      const row = table.get(id);
      if (row) return { objectName, row };
    }
    return undefined;
  }

  put(objectName: string, row: Row): void {
    const table = this.table(objectName);
    const id = String(row.Id);
    const previous = table.get(id);
    table.set(id, row);
    this.undoLog.push(() => {
      table.set(id, previous);
    });
    this.touch(objectName, id);
  }

  /**
   * Moves a row to the recycle bin, where it is kept with IsDeleted = true and the deletion
   * time as its SystemModstamp. `deletedWith` names the parent whose delete cascaded to it.
   */
  moveToRecycleBin(objectName: string, id: string, deletedAt: string, deletedWith?: string): void {
    const table = this.table(objectName);
    const row = table.get(id);
    if (!row) return;
    table.set(id, undefined);
    this.recycleBin.set(id, {
      objectName,
      row: { ...row, IsDeleted: true, SystemModstamp: deletedAt },
      ...(deletedWith !== undefined ? { deletedWith } : {}),
    });
    this.undoLog.push(() => {
      this.recycleBin.delete(id);
      table.set(id, row);
    });
    this.touch(objectName, id);
  }

  /** Puts a recycled row back with IsDeleted = false and returns it. */
  restoreFromRecycleBin(id: string): Row | undefined {
    const entry = this.recycleBin.get(id);
    if (!entry) return undefined;
    this.recycleBin.delete(id);
    const table = this.table(entry.objectName);
    const restored = { ...entry.row, IsDeleted: false };
    table.set(id, restored);
    this.undoLog.push(() => {
      table.set(id, undefined);
      this.recycleBin.set(id, entry);
    });
    this.touch(entry.objectName, id);
    return restored;
  }

  /** Recycled rows of one object (what queryAll adds to a query). */
  *recycledRows(objectName: string): IterableIterator<Row> {
    const wanted = objectName.toLowerCase();
    for (const entry of this.recycleBin.values()) {
      if (entry.objectName.toLowerCase() === wanted) yield entry.row;
    }
  }

  recordChange(change: RecordChange): void {
    this.pendingChanges.push(change);
  }

  onCommit(listener: (changes: RecordChange[]) => void): void {
    this.listeners.push(listener);
  }

  savepoint(): Savepoint {
    return { undoLength: this.undoLog.length, changeLength: this.pendingChanges.length };
  }

  rollbackTo(savepoint: Savepoint): void {
    while (this.undoLog.length > savepoint.undoLength) this.undoLog.pop()?.();
    this.pendingChanges.length = savepoint.changeLength;
  }

  /**
   * Runs `work` as one transaction (joining an enclosing one). Throwing rolls it back; at the
   * outermost level a normal return commits and hands the changes to the listeners.
   */
  transaction<T>(work: () => T): T {
    const start = this.savepoint();
    this.depth += 1;
    try {
      const result = work();
      this.depth -= 1;
      if (this.depth === 0) this.commit();
      return result;
    } catch (error) {
      this.depth -= 1;
      this.rollbackTo(start);
      throw error;
    }
  }

  /** Opens (or joins) a transaction that spans asynchronous work; end it with finish/abort. */
  begin(): Savepoint {
    this.depth += 1;
    return this.savepoint();
  }

  finish(): void {
    this.depth -= 1;
    if (this.depth === 0) this.commit();
  }

  abort(savepoint: Savepoint): void {
    this.depth -= 1;
    this.rollbackTo(savepoint);
    if (this.depth === 0) this.commit();
  }

  private commit(): void {
    // Durable before anyone hears of it: triggers publish events about committed records.
    this.writeJournal();
    const changes = this.pendingChanges;
    this.pendingChanges = [];
    this.undoLog = [];
    if (changes.length === 0) return;
    for (const listener of this.listeners) listener(changes);
  }
}
