/**
 * Open query results for queryMore. A query answers at most `batchSize` records (2,000 by
 * default, 200–2,000 via `Sforce-Query-Options: batchSize=n`) and `nextRecordsUrl` points at
 * the rest: `/services/data/vXX.X/query/01g…-2000`. The batch of 2,000 is issue 3's figure;
 * platform-facts has no entry for queries, so the locator format and the
 * INVALID_QUERY_LOCATOR code are our reading of the REST API (unverified).
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api-error.js';
import type { Row } from '../store/record-store.js';

export const DEFAULT_QUERY_BATCH_SIZE = 2000;
const MIN_BATCH_SIZE = 200;

interface Cursor {
  records: Row[];
  batchSize: number;
}

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Row[];
}

export function batchSizeFrom(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value !== undefined ? /batchSize=(\d+)/i.exec(value) : null;
  if (!match) return DEFAULT_QUERY_BATCH_SIZE;
  return Math.min(DEFAULT_QUERY_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1])));
}

export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();

  /** The first page of a result, opening a cursor when more remain. */
  firstPage(records: Row[], totalSize: number, batchSize: number, apiVersion: string): QueryPage {
    if (records.length <= batchSize) return { totalSize, done: true, records };
    const locator = `01g${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12)}`;
    this.cursors.set(locator, { records, batchSize });
    return this.page(locator, 0, apiVersion, totalSize);
  }

  /** The page at `01g…-{offset}`; unknown locators are 400 INVALID_QUERY_LOCATOR. */
  nextPage(locatorWithOffset: string, apiVersion: string): QueryPage {
    const match = /^(01g\w+)-(\d+)$/.exec(locatorWithOffset);
    const cursor = match ? this.cursors.get(match[1] ?? '') : undefined;
    if (!match || !cursor)
      throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return this.page(match[1] ?? '', Number(match[2]), apiVersion, cursor.records.length);
  }

  private page(locator: string, offset: number, apiVersion: string, totalSize: number): QueryPage {
    const cursor = this.cursors.get(locator);
    if (!cursor) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const end = offset + cursor.batchSize;
    const records = cursor.records.slice(offset, end);
    if (end >= cursor.records.length) {
      this.cursors.delete(locator);
      return { totalSize, done: true, records };
    }
    return {
      totalSize,
      done: false,
      nextRecordsUrl: `/services/data/v${apiVersion}/query/${locator}-${end}`,
      records,
    };
  }
}
