import { CompanionPluginMissingError, type LookupMatch } from './companion-plugin.js';
import { WordPressError } from './errors.js';

/** Most values one `sfwp/v1/lookup` request takes. */
export const LOOKUP_MAX_VALUES = 200;

/** How long a "cannot" holds before the route is tried again (the plugin may be updated). */
const RETRY_AFTER_MS = 60_000;

export interface LookupRouteOptions {
  lookUp(type: string, field: string, values: readonly string[]): Promise<LookupMatch[]>;
  now?: () => number;
}

/**
 * The companion plugin's lookup route, when it can answer: a plugin without the route, a type
 * it does not track, a field it cannot compare or a user without the capability gets
 * `undefined`, remembered for a minute, and the caller falls back on core's routes. Other
 * failures (WordPress down, 500s) are thrown as they are.
 */
export class LookupRoute {
  private readonly unavailableUntil = new Map<string, number>();

  constructor(private readonly options: LookupRouteOptions) {}

  /** The objects of `type` whose `field` equals one of `values`, or undefined when it cannot say. */
  async lookUp(
    type: string,
    field: string,
    values: readonly string[],
  ): Promise<LookupMatch[] | undefined> {
    const key = `${type}\u0000${field}`;
    const now = this.options.now?.() ?? Date.now();
    if (['*', key].some((name) => (this.unavailableUntil.get(name) ?? 0) > now)) return undefined;
    const matches: LookupMatch[] = [];
    try {
      for (let start = 0; start < values.length; start += LOOKUP_MAX_VALUES) {
        const chunk = values.slice(start, start + LOOKUP_MAX_VALUES);
        matches.push(...(await this.options.lookUp(type, field, chunk)));
      }
    } catch (error) {
      const scope = unavailableScope(error, key);
      if (scope === undefined) throw error;
      this.unavailableUntil.set(scope, now + RETRY_AFTER_MS);
      return undefined;
    }
    return matches;
  }
}

/** What a refusal rules out: every lookup ('*'), this type and field, or nothing (thrown). */
function unavailableScope(error: unknown, key: string): string | undefined {
  if (error instanceof CompanionPluginMissingError) return '*';
  if (!(error instanceof WordPressError)) return undefined;
  if (error.status === 400 || error.status === 403) return key;
  return undefined;
}
