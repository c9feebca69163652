/**
 * Per-record faults for sObject Collections writes: chosen records of a create, update,
 * upsert or delete call fail with a record error (UNABLE_TO_LOCK_ROW by default) a few times,
 * while the other records of the same call are served. This is how a busy org answers when
 * another transaction holds a row lock: `allOrNone: false` keeps the rest of the call.
 */
import { ApiError } from '../api-error.js';
import type { Row } from '../store/record-store.js';

export interface RecordFaultSpec {
  /** The field naming a record in the request: an upsert's external id field, or `Id`. */
  field: string;
  /** Which records (by that field's value, compared as text) fail. */
  values: readonly string[];
  /** How many writes of each record fail before it is served again; 1 by default. */
  times?: number;
  /** The record error's status code; UNABLE_TO_LOCK_ROW by default. */
  statusCode?: string;
  message?: string;
}

export const ROW_LOCK_MESSAGE = 'unable to obtain exclusive access to this record';

interface ActiveFault {
  field: string;
  left: Map<string, number>;
  statusCode: string;
  message: string;
}

export class RecordFaults {
  private faults: ActiveFault[] = [];

  add(spec: RecordFaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError('failRecordWrites needs times ≥ 1');
    this.faults.push({
      field: spec.field,
      left: new Map(spec.values.map((value) => [value, times])),
      statusCode: spec.statusCode ?? 'UNABLE_TO_LOCK_ROW',
      message: spec.message ?? ROW_LOCK_MESSAGE,
    });
  }

  /**
   * Throws the record error when `item` (a record, or a delete's id) is one to fail now, and
   * counts the failure; otherwise does nothing and the write is served.
   */
  check(item: unknown): void {
    const record: Row = typeof item === 'string' ? { Id: item } : (item as Row);
    for (const fault of this.faults) {
      const value = record[fault.field];
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const key = String(value);
      const left = fault.left.get(key) ?? 0;
      if (left <= 0) continue;
      fault.left.set(key, left - 1);
      throw new ApiError(400, fault.statusCode, fault.message);
    }
  }

  /** Failures still to be answered, over every record. */
  remaining(): number {
    let total = 0;
    for (const fault of this.faults) for (const left of fault.left.values()) total += left;
    return total;
  }

  reset(): void {
    this.faults = [];
  }
}
