/**
 * `GET /limits` (REST API Developer Guide, "Limits"): `{Name: {Max, Remaining}}` for the
 * documented limits a sync or a developer of the local org reads. The emulated org is a
 * Developer Edition org, so the maxima are the Developer Edition allocations (docs/EMULATOR.md,
 * "Limits", cites each). Live where the emulator counts the usage: DailyApiRequests, the hourly
 * platform event publishing count and DataStorageMB (2 KB per record, as Salesforce counts most
 * records). The others report their allocation as untouched.
 */
import { jsonResponse } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import type { RestContext } from './rest-context.js';

const V = '/services/data/v(\\d+\\.\\d+)';

/** Developer Edition allocations of the limits reported but not counted here. */
export const DEVELOPER_EDITION_ALLOCATIONS = {
  DailyAsyncApexExecutions: 250_000,
  DailyBulkApiBatches: 15_000,
  DailyBulkV2QueryFileStorageMB: 976_562,
  DailyBulkV2QueryJobs: 10_000,
  DailyDeliveredPlatformEvents: 10_000,
  DailyDurableGenericStreamingApiEvents: 10_000,
  DailyDurableStreamingApiEvents: 10_000,
  DailyGenericStreamingApiEvents: 10_000,
  DailyStandardVolumePlatformEvents: 10_000,
  DailyStreamingApiEvents: 10_000,
  DurableStreamingApiConcurrentClients: 20,
  FileStorageMB: 20,
  StreamingApiConcurrentClients: 20,
} as const;

export const HOURLY_PUBLISHED_PLATFORM_EVENTS = 50_000;
export const DATA_STORAGE_MB = 5;
const RECORD_STORAGE_KB = 2;

interface Limit {
  Max: number;
  Remaining: number;
}

function dataStorageUsedMb(context: RestContext): number {
  let records = 0;
  for (const object of context.org.schema.listObjects()) {
    if (object.kind === 'standard' || object.kind === 'custom') {
      records += context.org.store.count(object.name);
    }
  }
  return Math.floor((records * RECORD_STORAGE_KB) / 1024);
}

export function orgLimits(context: RestContext): Record<string, Limit> {
  const limits: Record<string, Limit> = {
    DailyApiRequests: { Max: context.usage.dailyLimit, Remaining: context.usage.remaining },
    DataStorageMB: {
      Max: DATA_STORAGE_MB,
      Remaining: Math.max(0, DATA_STORAGE_MB - dataStorageUsedMb(context)),
    },
    HourlyPublishedPlatformEvents: {
      Max: HOURLY_PUBLISHED_PLATFORM_EVENTS,
      Remaining: Math.max(0, HOURLY_PUBLISHED_PLATFORM_EVENTS - context.publishedEventsLastHour()),
    },
  };
  for (const [name, max] of Object.entries(DEVELOPER_EDITION_ALLOCATIONS)) {
    limits[name] = { Max: max, Remaining: max };
  }
  return Object.fromEntries(Object.entries(limits).sort(([a], [b]) => a.localeCompare(b)));
}

export function addLimitsRoute(router: Router, context: RestContext): void {
  router.add('GET', new RegExp(`^${V}/limits/?$`), () => jsonResponse(200, orgLimits(context)));
}
