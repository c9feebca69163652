/**
 * `GET /limits`: the allocations a sync watches. DailyApiRequests and the hourly publishing
 * count are live; the maxima are the Performance/Unlimited hourly publishing allocation
 * (250,000) and the 50,000 daily delivery allocation (platform-facts "Allocations"). Deliveries
 * happen in the Pub/Sub half and are not counted here.
 */
import { jsonResponse } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import type { RestContext } from './rest-context.js';

const V = '/services/data/v(\\d+\\.\\d+)';
const HOURLY_PUBLISHED_EVENTS = 250_000;

export function addLimitsRoute(router: Router, context: RestContext): void {
  router.add('GET', new RegExp(`^${V}/limits/?$`), () =>
    jsonResponse(200, {
      DailyApiRequests: { Max: context.usage.dailyLimit, Remaining: context.usage.remaining },
      HourlyPublishedPlatformEvents: {
        Max: HOURLY_PUBLISHED_EVENTS,
        Remaining: Math.max(0, HOURLY_PUBLISHED_EVENTS - context.publishedEventsLastHour()),
      },
      DailyDeliveredPlatformEvents: { Max: 50_000, Remaining: 50_000 },
      DataStorageMB: { Max: 5, Remaining: 5 },
    }),
  );
}
