import { WordPressError, WordPressNotFoundError } from './errors.js';
import type { WordPressHttp } from './http.js';
import type { RequestPurpose } from './types.js';
import { publishedFormsOf, type PublishedForm } from './published-forms.js';

export const COMPANION_NAMESPACE = 'sfwp/v1';

export type ChangeOperation = 'create' | 'update' | 'delete' | 'trash' | 'untrash';
export type ChangeOrigin = 'connector' | 'wordpress';

/** One row of the companion plugin's change table. */
export interface WordPressChange {
  cursor: number;
  /** `user` or a post type slug. */
  type: string;
  id: number;
  operation: ChangeOperation;
  origin: ChangeOrigin;
  /** A person asked for this sync (Sync now, the bulk action): write every mapped field. */
  manual?: boolean;
  /**
   * For a connector row, the org the connector wrote for (`X-Sfwp-Source-Org`), when it
   * named one: the other orgs' readers pass such a change on. Absent from older plugins.
   */
  sourceOrg?: string;
  /** ISO 8601, UTC, microseconds. */
  time: string;
}

export interface ChangePage {
  changes: WordPressChange[];
  nextCursor: number;
  hasMore: boolean;
  latestCursor: number;
}

export interface CompanionStatus {
  version: string;
  latestCursor: number;
  ackedCursor: number;
  pending: number;
  postTypes: string[];
  webhookUrl: string | null;
  sharedSecretSet: boolean;
  sharedSecretSource: 'constant' | 'option' | null;
  /** Whether the connector's WordPress user has `unfiltered_html`; null from a plugin that does not say. */
  unfilteredHtml: boolean | null;
  /** Setup problems the plugin reports for an operator to fix. */
  warnings: CompanionWarning[];
  /** Items the bulk route (`sfwp/v1/bulk`) takes in one request; null from a plugin without it. */
  bulkMaxItems?: number | null;
  /** The site's roles; empty from a plugin that does not list them. */
  roles?: WordPressRole[];
}

/** A WordPress role; privileged: it has manage_options, edit_users, promote_users or unfiltered_html. */
export interface WordPressRole {
  slug: string;
  name: string;
  privileged: boolean;
}

function parseRoles(value: unknown): WordPressRole[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw: unknown) => {
    const role = (raw ?? {}) as { slug?: unknown; name?: unknown; privileged?: unknown };
    if (typeof role.slug !== 'string' || role.slug === '') return [];
    // A role whose flag is missing counts as privileged: refused rather than granted unseen.
    return [
      {
        slug: role.slug,
        name: typeof role.name === 'string' ? role.name : role.slug,
        privileged: role.privileged !== false,
      },
    ];
  });
}

/** An object whose field holds one of the values looked up, with the value as stored. */
export interface LookupMatch {
  id: number;
  value: string;
}

export interface CompanionWarning {
  code: string;
  message: string;
}

/** What `PUT sfwp/v1/settings` accepts; absent keys keep their stored value. */
export interface CompanionSettings {
  post_types?: string[];
  meta?: Record<string, string[]>;
  /** Meta keys (per object type) whose connector-written values are HTML; `description` for users. */
  html_meta_keys?: Record<string, string[]>;
  /** Meta keys (per object type) whose connector-written values are URLs. */
  url_meta_keys?: Record<string, string[]>;
  /** Meta keys (per object type) holding a list of strings (set-valued fields, docs/SEGMENTS.md). */
  list_meta_keys?: Record<string, string[]>;
  webhook_url?: string | null;
  shared_secret?: string;
  /** The connector's own WordPress user: its writes are origin=connector even without a secret. */
  connector_user_id?: number;
  retention_days?: number;
}

/** The connector's view of the companion plugin (`connector/wordpress-plugin/sfwp/`). */
export interface CompanionPlugin {
  /** Changes after `cursor`, oldest first. */
  changes(after: number, limit: number): Promise<ChangePage>;
  /** Tells the plugin the rows up to `cursor` are synced; it may prune them after retention. */
  acknowledge(cursor: number): Promise<void>;
  status(): Promise<CompanionStatus>;
  configure(settings: CompanionSettings): Promise<void>;
  /**
   * Tells the plugin the connector is alive (wp-admin's status page shows it); the plugin answers
   * with its published forms (for the admin app's form picker).
   */
  heartbeat?(beat: ConnectorHeartbeat): Promise<PublishedForm[] | undefined>;
}

/** What `POST sfwp/v1/heartbeat` carries: the connector's health for the wp-admin status page. */
export interface ConnectorHeartbeat {
  state: string;
  version: string;
  reason?: string | undefined;
  lagMs?: number | undefined;
  inFlight?: number | undefined;
  deadLettersOpen: number;
  mappings: string[];
  instanceUrl?: string | undefined;
  sentAt: string;
}

export class CompanionPluginMissingError extends WordPressError {
  constructor(restRoot: string, options?: { cause?: unknown }) {
    super(
      `The sfwp companion plugin is not active on ${restRoot} (no ${COMPANION_NAMESPACE} routes). ` +
        'Install and activate connector/wordpress-plugin/sfwp to sync WordPress changes to Salesforce.',
      { code: 'sfwp_plugin_missing', status: 404, ...options },
    );
    this.name = 'CompanionPluginMissingError';
  }
}

function parseWarning(value: unknown): CompanionWarning[] {
  if (value === null || typeof value !== 'object') return [];
  const { code, message } = value as { code?: unknown; message?: unknown };
  return typeof message === 'string'
    ? [{ code: typeof code === 'string' ? code : '', message }]
    : [];
}

function asNumber(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw new WordPressError(`The companion plugin sent a ${what} that is not a number`, {
    code: 'sfwp_invalid_feed',
  });
}

function bulkMaxItems(value: unknown): number | null {
  const maxItems = (value as { max_items?: unknown } | null | undefined)?.max_items;
  return typeof maxItems === 'number' && Number.isInteger(maxItems) && maxItems > 0
    ? maxItems
    : null;
}

const OPERATIONS = new Set<string>(['create', 'update', 'delete', 'trash', 'untrash']);

function parseChange(raw: unknown): WordPressChange {
  const row = (raw ?? {}) as Record<string, unknown>;
  const operation = String(row.operation);
  if (!OPERATIONS.has(operation) || typeof row.type !== 'string' || row.type === '') {
    throw new WordPressError(
      `The companion plugin sent a change row it cannot be: ${JSON.stringify(raw)}`,
      {
        code: 'sfwp_invalid_feed',
      },
    );
  }
  return {
    cursor: asNumber(row.cursor, 'cursor'),
    type: row.type,
    id: asNumber(row.id, 'object id'),
    operation: operation as ChangeOperation,
    origin: row.origin === 'connector' ? 'connector' : 'wordpress',
    ...(row.reason === 'manual' ? { manual: true } : {}),
    ...(typeof row.source_org === 'string' && row.source_org !== ''
      ? { sourceOrg: row.source_org }
      : {}),
    time: typeof row.time === 'string' ? row.time : '',
  };
}

/** {@link CompanionPlugin} over the connector's WordPress HTTP transport (same credentials). */
export class CompanionPluginClient implements CompanionPlugin {
  constructor(private readonly http: WordPressHttp) {}

  private url(path: string): string {
    return `${this.http.restRoot}/${COMPANION_NAMESPACE}${path}`;
  }

  private async call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    purpose: RequestPurpose = method === 'GET' ? 'read' : 'write',
  ): Promise<Record<string, unknown>> {
    try {
      const response = await this.http.request(method, this.url(path), {
        ...(body === undefined ? {} : { body }),
        purpose,
      });
      return (response.body ?? {}) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof WordPressNotFoundError && error.code === 'rest_no_route')
        throw new CompanionPluginMissingError(this.http.restRoot, { cause: error });
      throw error;
    }
  }

  async changes(after: number, limit: number): Promise<ChangePage> {
    const body = await this.call('GET', `/changes?after=${after}&limit=${limit}`);
    const rows = Array.isArray(body.changes) ? body.changes : [];
    return {
      changes: rows.map(parseChange),
      nextCursor: asNumber(body.next_cursor ?? after, 'next cursor'),
      hasMore: body.has_more === true,
      latestCursor: asNumber(body.latest_cursor ?? 0, 'latest cursor'),
    };
  }

  async acknowledge(cursor: number): Promise<void> {
    await this.call('POST', '/ack', { cursor });
  }

  async status(): Promise<CompanionStatus> {
    const body = await this.call('GET', '/status');
    return {
      version: typeof body.version === 'string' ? body.version : '',
      latestCursor: asNumber(body.latest_cursor ?? 0, 'latest cursor'),
      ackedCursor: asNumber(body.acked_cursor ?? 0, 'acked cursor'),
      pending: asNumber(body.pending ?? 0, 'pending count'),
      postTypes: Array.isArray(body.post_types) ? body.post_types.map(String) : [],
      webhookUrl: typeof body.webhook_url === 'string' ? body.webhook_url : null,
      sharedSecretSet: body.shared_secret_set === true,
      sharedSecretSource:
        body.shared_secret_source === 'constant' || body.shared_secret_source === 'option'
          ? body.shared_secret_source
          : null,
      unfilteredHtml: typeof body.unfiltered_html === 'boolean' ? body.unfiltered_html : null,
      warnings: Array.isArray(body.warnings) ? body.warnings.flatMap(parseWarning) : [],
      bulkMaxItems: bulkMaxItems(body.bulk),
      roles: parseRoles(body.roles),
    };
  }

  /**
   * `POST sfwp/v1/lookup`: the objects of `type` whose `field` equals one of `values` (at most
   * 200), compared as the database compares (case-insensitive in a default install).
   */
  async lookUp(type: string, field: string, values: readonly string[]): Promise<LookupMatch[]> {
    const body = await this.call('POST', '/lookup', { type, field, values }, 'lookup');
    const rows = Array.isArray(body.matches) ? (body.matches as unknown[]) : [];
    return rows.map((row) => {
      const match = (row ?? {}) as { id?: unknown; value?: unknown };
      return {
        id: asNumber(match.id, 'object id'),
        value: typeof match.value === 'string' ? match.value : '',
      };
    });
  }

  async configure(settings: CompanionSettings): Promise<void> {
    await this.call('PUT', '/settings', settings);
  }

  async heartbeat(beat: ConnectorHeartbeat): Promise<PublishedForm[]> {
    const body = await this.call('POST', '/heartbeat', beat, 'heartbeat');
    return publishedFormsOf(body.forms);
  }
}
