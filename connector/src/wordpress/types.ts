/** `user` or a post type slug (`post`, `page`, `organization`, …), as in a mapping. */
export type WordPressObjectType = string;

export const USER_TYPE = 'user';

/** Field values sent to WordPress on create or update, keyed by REST field name. */
export type WordPressFields = Record<string, unknown>;

export type WordPressMeta = Record<string, unknown>;

export interface WordPressRenderedText {
  raw?: string;
  rendered: string;
}

export interface WordPressUser {
  id: number;
  username?: string;
  name: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  url: string;
  description: string;
  slug: string;
  roles?: string[];
  registered_date?: string;
  meta: WordPressMeta;
}

export interface WordPressPost {
  id: number;
  type: string;
  status: string;
  slug: string;
  date_gmt: string | null;
  modified_gmt: string;
  title: WordPressRenderedText;
  content: WordPressRenderedText;
  excerpt: WordPressRenderedText;
  author: number;
  meta: WordPressMeta;
}

export type WordPressObject = WordPressUser | WordPressPost;

/** The companion plugin's version of an object (`sfwp_version`), when the plugin shows one. */
export function versionOf(object: WordPressObject | undefined): number | undefined {
  const version = (object as { sfwp_version?: unknown } | undefined)?.sfwp_version;
  return typeof version === 'number' && Number.isInteger(version) ? version : undefined;
}

/** Header carrying {@link WriteOperation} `ifVersion`, read by the companion plugin. */
export const IF_VERSION_HEADER = 'X-Sfwp-If-Version';

/** The plugin's refusal of a write based on an old version. */
export const STALE_WRITE_CODE = 'sfwp_stale_write';

export interface WordPressPage<T> {
  items: T[];
  total: number;
  totalPages: number;
}

export interface ListQuery {
  page?: number;
  /** 1–100, WordPress's own cap. */
  perPage?: number;
  include?: number[];
  /** ISO 8601; posts only (WordPress 5.7+). */
  modifiedAfter?: string;
  search?: string;
  /** Post statuses; `any` for all but trash. */
  status?: string;
  orderBy?: string;
  order?: 'asc' | 'desc';
}

export interface DeleteOptions {
  /** Posts: true deletes permanently, false moves to the trash. Users are always deleted. */
  force?: boolean;
  /** Users: who receives the deleted user's content; defaults to the connector's own user. */
  reassignTo?: number;
}

export type WriteOperation =
  | { kind: 'create'; type: WordPressObjectType; fields: WordPressFields }
  | {
      kind: 'update';
      type: WordPressObjectType;
      id: number;
      fields: WordPressFields;
      /**
       * The object's `sfwp_version` the fields were merged against: the companion plugin
       * refuses the write (`412 sfwp_stale_write`) when someone changed the object since.
       */
      ifVersion?: number;
    }
  | ({ kind: 'delete'; type: WordPressObjectType; id: number } & DeleteOptions);

export interface WriteSuccess {
  ok: true;
  status: number;
  id: number;
  /** The object after the write; for a permanent delete, the object as it was. */
  object: WordPressObject | undefined;
}

export interface WriteFailure {
  ok: false;
  error: import('./errors.js').WordPressError;
}

export type WriteResult = WriteSuccess | WriteFailure;

/** Which way a write reached WordPress, for request accounting. */
export type RequestPurpose =
  | 'read'
  | 'lookup'
  | 'write'
  | 'batch'
  | 'bulk'
  | 'discovery'
  // The connector's health for wp-admin's status page: not a write of a synced object.
  | 'heartbeat';

export interface RequestRecord {
  method: string;
  /** Path below the REST root, without the query string. */
  route: string;
  status: number | undefined;
  durationMs: number;
  purpose: RequestPurpose;
  /** Sub-requests carried by a /batch/v1 or bulk call. */
  batchSize?: number;
}
