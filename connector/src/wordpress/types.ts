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
  | { kind: 'update'; type: WordPressObjectType; id: number; fields: WordPressFields }
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
export type RequestPurpose = 'read' | 'write' | 'batch' | 'discovery';

export interface RequestRecord {
  method: string;
  /** Path below the REST root, without the query string. */
  route: string;
  status: number | undefined;
  durationMs: number;
  purpose: RequestPurpose;
  /** Sub-requests carried by a /batch/v1 call. */
  batchSize?: number;
}
