/**
 * Persistence of the org's records when the emulator has a data directory: an append-only
 * JSON-lines journal of committed record states, one line per record a transaction touched
 * (its row, its recycle-bin row, or neither once it is gone for good).
 *
 * A transaction's lines are one `write`, without fsync, after the transaction commits: a killed
 * process (SIGKILL) loses nothing it committed, since the kernel keeps the written page; a power
 * cut can lose the newest transactions but cannot corrupt older ones. A torn last line is
 * ignored. On load the journal is compacted to the last state of each record (written to a
 * temporary file, then renamed).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync } from 'node:fs';
import { writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Row } from './table.js';

/** The committed state of one record. */
export interface RecordState {
  objectName: string;
  id: string;
  /** The live row; absent when the record is in the recycle bin or gone. */
  row?: Row;
  /** The recycle-bin row (IsDeleted = true). */
  recycled?: Row;
  /** For a recycled row: the parent whose delete removed it by cascade. */
  deletedWith?: string;
}

function parse(line: string): RecordState | undefined {
  try {
    const value = JSON.parse(line) as Partial<RecordState>;
    if (typeof value.objectName !== 'string' || typeof value.id !== 'string') return undefined;
    return value as RecordState;
  } catch {
    return undefined;
  }
}

export class RecordJournal {
  private fd: number | undefined;

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /** The last committed state of every record, and the journal compacted to them. */
  load(): RecordState[] {
    const latest = new Map<string, RecordState>();
    if (existsSync(this.file)) {
      const lines = readFileSync(this.file, 'utf8').split('\n');
      for (const line of lines) {
        if (line === '') continue;
        // A line cut short by a crash is the last one and was never committed as a whole.
        const state = parse(line);
        if (state) latest.set(`${state.objectName.toLowerCase()}:${state.id}`, state);
      }
    }
    const kept = [...latest.values()].filter(
      (state) => state.row !== undefined || state.recycled !== undefined,
    );
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, kept.map((state) => `${JSON.stringify(state)}\n`).join(''));
    renameSync(temporary, this.file);
    return kept;
  }

  /** Appends one committed transaction's record states in a single write. */
  append(states: readonly RecordState[]): void {
    if (states.length === 0) return;
    this.fd ??= openSync(this.file, 'a');
    writeSync(this.fd, states.map((state) => `${JSON.stringify(state)}\n`).join(''));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
