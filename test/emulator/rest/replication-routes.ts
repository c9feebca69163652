/**
 * Replication resources for reconciliation: `GET /sobjects/{T}/updated?start=&end=` answers
 * `{ids, latestDateCovered}` for records whose SystemModstamp falls in [start, end], and
 * `GET /sobjects/{T}/deleted?start=&end=` answers `{deletedRecords: [{id, deletedDate}],
 * earliestDateAvailable, latestDateCovered}` from the recycle bin. platform-facts names
 * getDeleted only through a peer (30 days, peers.md); the 30-day window and the
 * INVALID_REPLICATION_DATE code are our reading, unverified.
 */
import { ApiError, invalidType } from '../api-error.js';
import { jsonResponse, type EmulatorRequest } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import { toEpochMs } from '../soql/date-ranges.js';
import { formatDateTime } from '../store/field-values.js';
import type { RestContext } from './rest-context.js';

const V = '/services/data/v(\\d+\\.\\d+)';
const DAY_MS = 24 * 60 * 60 * 1000;
export const REPLICATION_WINDOW_DAYS = 30;

function range(request: EmulatorRequest, now: number): [number, number] {
  const start = toEpochMs(request.query.get('start') ?? '');
  const end = toEpochMs(request.query.get('end') ?? '');
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    throw new ApiError(
      400,
      'INVALID_REPLICATION_DATE',
      'start and end must be dateTimes with start before end',
    );
  }
  if (start < now - REPLICATION_WINDOW_DAYS * DAY_MS) {
    throw new ApiError(
      400,
      'INVALID_REPLICATION_DATE',
      `start must be within the last ${REPLICATION_WINDOW_DAYS} days`,
    );
  }
  return [start, Math.min(end, now)];
}

const covered = (end: number): string =>
  formatDateTime(new Date(Math.floor(end / 60_000) * 60_000));

export function addReplicationRoutes(
  router: Router,
  context: RestContext,
  now: () => number,
): void {
  const { org } = context;
  const objectName = (type: string): string => {
    const object = org.schema.getObject(type);
    if (object?.kind !== 'standard' && object?.kind !== 'custom') throw invalidType(type);
    return object.name;
  };
  const inRange = (value: unknown, [start, end]: [number, number]): boolean => {
    const at = typeof value === 'string' ? toEpochMs(value) : Number.NaN;
    return at >= start && at <= end;
  };

  router.add('GET', new RegExp(`^${V}/sobjects/(\\w+)/updated/?$`), (request, [, type = '']) => {
    const name = objectName(type);
    const window = range(request, now());
    const ids = [...org.store.rows(name)]
      .filter((row) => inRange(row.SystemModstamp, window))
      .map((row) => String(row.Id));
    return jsonResponse(200, { ids, latestDateCovered: covered(window[1]) });
  });

  router.add('GET', new RegExp(`^${V}/sobjects/(\\w+)/deleted/?$`), (request, [, type = '']) => {
    const name = objectName(type);
    const window = range(request, now());
    const deletedRecords = [...org.store.recycledRows(name)]
      .filter((row) => inRange(row.SystemModstamp, window))
      .map((row) => ({ id: String(row.Id), deletedDate: row.SystemModstamp }));
    return jsonResponse(200, {
      deletedRecords,
      earliestDateAvailable: formatDateTime(new Date(now() - REPLICATION_WINDOW_DAYS * DAY_MS)),
      latestDateCovered: covered(window[1]),
    });
  });
}
