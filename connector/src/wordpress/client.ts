import type { LookupMatch } from './companion-plugin.js';
import type {
  DeleteOptions,
  ListQuery,
  WordPressFields,
  WordPressObject,
  WordPressObjectType,
  WordPressPage,
  WordPressPost,
  WordPressUser,
  WriteOperation,
  WriteResult,
  WriteSuccess,
} from './types.js';

/**
 * Everything the connector asks of WordPress. The sync engine depends on this interface only,
 * so the implementation (wpapi today) can be replaced without touching sync code.
 */
export interface WordPressClient {
  /** The REST API root this client talks to. */
  readonly restRoot: string;

  /** Checks the credentials and returns the connector's own user; fails with a clear error. */
  currentUser(): Promise<WordPressUser>;

  get(type: 'user', id: number): Promise<WordPressUser>;
  get(type: WordPressObjectType, id: number): Promise<WordPressObject>;

  list(type: 'user', query?: ListQuery): Promise<WordPressPage<WordPressUser>>;
  list(type: WordPressObjectType, query?: ListQuery): Promise<WordPressPage<WordPressObject>>;

  create(type: 'user', fields: WordPressFields): Promise<WordPressUser>;
  create(type: WordPressObjectType, fields: WordPressFields): Promise<WordPressPost>;

  update(type: 'user', id: number, fields: WordPressFields): Promise<WordPressUser>;
  update(type: WordPressObjectType, id: number, fields: WordPressFields): Promise<WordPressPost>;

  delete(type: WordPressObjectType, id: number, options?: DeleteOptions): Promise<WriteSuccess>;

  /**
   * Applies many writes with as few requests as the site allows: the companion plugin's bulk
   * route for users and tracked post types (when the plugin has it and requests are signed),
   * `/batch/v1` chunks where the route permits batching, single requests elsewhere. Never throws for a failed write: each
   * operation gets its own result, in input order. Operations in one call should target
   * distinct objects, because single requests run concurrently.
   */
  writeMany(operations: readonly WriteOperation[]): Promise<WriteResult[]>;

  /**
   * How many writes one `writeMany` request can carry (200 over the bulk route, 25 over
   * `/batch/v1`), as far as the client knows without asking; callers size their batches by it.
   */
  preferredBatchSize?(): number;

  /**
   * The objects of `type` whose `field` (a REST field name: `email`, `title`, `meta.<key>`…)
   * equals one of `values`, in as few requests as the site allows (the companion plugin's
   * lookup route: 200 values a request); undefined when the site cannot answer that way, and
   * the caller reads core's routes instead.
   */
  lookUp?(
    type: string,
    field: string,
    values: readonly string[],
  ): Promise<LookupMatch[] | undefined>;
}
