/**
 * The developer API behind the signed `/wordpress/api/*` routes: finds the access entry a call
 * names, refuses what it does not allow and calls Salesforce with the connector's own session
 * (jsforce refreshes an expired token and retries). Every failure is a DeveloperApiError.
 */
import type { Connection } from 'jsforce';
import { salesforceCall } from '../errors.js';
import type {
  AccessEntry,
  ApexAccessEntry,
  LoadedAccessEntries,
  QueryAccessEntry,
} from './access-entries.js';
import { DeveloperApiError, REFUSAL } from './developer-api-error.js';
import { toDeveloperApiError } from './error-codes.js';
import { buildQuery, type QueryParameters } from './query-builder.js';

export interface DeveloperApiDependencies {
  connection: Connection;
  entries: () => Promise<LoadedAccessEntries>;
  /** Percent of the daily allowance kept for the sync. */
  budgetReservePercent: number;
}

/** What an entry tells WordPress about itself (no fixed filter: that stays in Salesforce). */
export interface EntrySummary {
  name: string;
  kind: AccessEntry['kind'];
  cacheSeconds: number;
  allowAnonymous: boolean;
}

export interface QueryResult {
  entry: EntrySummary;
  records: Record<string, unknown>[];
  fields: string[];
  limit: number;
  hasMore: boolean;
  /** The `after` of the next page (the last record's Id), or null on the last page. */
  next: string | null;
}

export interface ApexResult {
  entry: EntrySummary;
  data: unknown;
}

export interface ApexCall {
  /** Query string parameters of a GET. */
  query?: Record<string, string> | undefined;
  /** JSON body of a POST. */
  body?: unknown;
}

function summary(entry: AccessEntry): EntrySummary {
  return {
    name: entry.name,
    kind: entry.kind,
    cacheSeconds: entry.cacheSeconds,
    allowAnonymous: entry.allowAnonymous,
  };
}

/** A record as Salesforce returns it, without jsforce's `attributes`. */
function plainRecord(
  record: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, record[field] ?? null]));
}

function lastId(records: readonly Record<string, unknown>[]): string | null {
  const id = records.at(-1)?.Id;
  return typeof id === 'string' ? id : null;
}

export class DeveloperApi {
  constructor(private readonly deps: DeveloperApiDependencies) {}

  async query(name: string, parameters: QueryParameters): Promise<QueryResult> {
    const entry = await this.entry(name, 'query');
    const built = buildQuery(entry, parameters);
    const result = await this.call(() =>
      this.request<{ records: Record<string, unknown>[] }>(
        `/query?q=${encodeURIComponent(built.soql)}`,
      ),
    );
    const records = result.records.slice(0, built.limit);
    return {
      entry: summary(entry),
      records: records.map((record) => plainRecord(record, built.fields)),
      fields: built.fields,
      limit: built.limit,
      hasMore: result.records.length > built.limit,
      next: result.records.length > built.limit ? lastId(records) : null,
    };
  }

  async apex(
    name: string,
    method: string | undefined,
    path: string | undefined,
    call: ApexCall,
  ): Promise<ApexResult> {
    const entry = await this.entry(name, 'apex');
    if (path !== undefined && path !== entry.path) {
      throw new DeveloperApiError(
        REFUSAL.apexPathNotAllowed,
        `Apex REST path ${JSON.stringify(path)} is not allowed by ${entry.name}`,
      );
    }
    if (method !== undefined && method !== entry.method) {
      throw new DeveloperApiError(
        REFUSAL.apexPathNotAllowed,
        `${method} is not allowed by ${entry.name}; it allows ${entry.method} ${entry.path}`,
      );
    }
    const data = await this.call(() => this.apexRequest(entry, call));
    return { entry: summary(entry), data };
  }

  async describe(name: string): Promise<Record<string, unknown>> {
    const entry = await this.entry(name, undefined);
    if (entry.kind === 'apex')
      return { entry: summary(entry), path: entry.path, method: entry.method };
    const described = await this.call(() =>
      this.request<{ label: string; fields: { name: string; label: string; type: string }[] }>(
        `/sobjects/${entry.object}/describe`,
      ),
    );
    const allowed = new Set(['id', ...entry.fields.map((field) => field.toLowerCase())]);
    const fields = described.fields
      .filter((field) => allowed.has(field.name.toLowerCase()))
      .map((field) => ({ name: field.name, label: field.label, type: field.type }));
    return {
      entry: summary(entry),
      object: entry.object,
      label: described.label,
      fields,
      maxRecords: entry.maxRecords,
    };
  }

  private apexRequest(entry: ApexAccessEntry, call: ApexCall): Promise<unknown> {
    const url = `/services/apexrest${entry.path}`;
    if (entry.method === 'POST') {
      return this.request(url, {
        method: 'POST',
        body: JSON.stringify(call.body ?? {}),
        headers: { 'content-type': 'application/json' },
      });
    }
    const query = new URLSearchParams(call.query ?? {}).toString();
    return this.request(query === '' ? url : `${url}?${query}`);
  }

  /**
   * One REST call with the session (jsforce refreshes an expired token), retried once at most:
   * a page waits on this, so an outage is answered in a second rather than after jsforce's
   * default five retries.
   */
  private request<T>(
    url: string,
    init: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> } = {},
  ): Promise<T> {
    return Promise.resolve(
      this.deps.connection.request<T>(
        {
          method: init.method ?? 'GET',
          url,
          ...(init.body === undefined ? {} : { body: init.body }),
          ...(init.headers ? { headers: init.headers } : {}),
        },
        { retry: { maxRetries: 1, minTimeout: 250 } },
      ),
    );
  }

  private async entry(name: string, kind: 'query'): Promise<QueryAccessEntry>;
  private async entry(name: string, kind: 'apex'): Promise<ApexAccessEntry>;
  private async entry(name: string, kind: undefined): Promise<AccessEntry>;
  private async entry(name: string, kind: AccessEntry['kind'] | undefined): Promise<AccessEntry> {
    let loaded: LoadedAccessEntries;
    try {
      loaded = await this.deps.entries();
    } catch (error) {
      throw toDeveloperApiError(error);
    }
    const entry = loaded.entries.get(name);
    if (entry === undefined) {
      throw new DeveloperApiError(
        REFUSAL.unknownEntry,
        `no active WP_API_Access entry ${JSON.stringify(name)} allows this`,
        403,
      );
    }
    if (kind !== undefined && entry.kind !== kind) {
      throw new DeveloperApiError(
        REFUSAL.wrongKind,
        `${name} allows ${entry.kind === 'query' ? 'a query' : 'an Apex REST call'}, not this`,
        403,
      );
    }
    return entry;
  }

  /** Refuses while the reserve is reached, then makes the call, mapping what Salesforce says. */
  private async call<T>(request: () => PromiseLike<T>): Promise<T> {
    this.checkBudget();
    try {
      return await salesforceCall(request());
    } catch (error) {
      throw toDeveloperApiError(error);
    }
  }

  private checkBudget(): void {
    const usage = this.deps.connection.limitInfo.apiUsage;
    if (usage === undefined || usage.limit <= 0) return;
    const ceiling = usage.limit * (1 - this.deps.budgetReservePercent / 100);
    if (usage.used >= ceiling) {
      throw new DeveloperApiError(
        REFUSAL.budget,
        `Salesforce API calls used ${usage.used} of ${usage.limit} today; the last ${this.deps.budgetReservePercent} % are kept for the sync (developerApi.budgetReservePercent).`,
        503,
      );
    }
  }
}
