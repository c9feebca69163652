import type { CompanionStatus } from './companion-plugin.js';
import { WordPressError, WordPressNotFoundError } from './errors.js';
import { USER_TYPE, type WordPressObjectType } from './types.js';

/** The bulk route as discovered: how many items a request takes, and for which types. */
export interface BulkCapacity {
  maxItems: number;
  /** `user` and the post types the plugin tracks (its `post_types` setting). */
  types: ReadonlySet<WordPressObjectType>;
}

export interface BulkRouteOptions {
  /** The companion plugin's status; its `bulk.max_items` announces the route. */
  status: () => Promise<Pick<CompanionStatus, 'bulkMaxItems' | 'postTypes' | 'sharedSecretSet'>>;
  /**
   * Whether requests are signed with the shared secret: the route refuses unsigned requests, so
   * without a secret it is never used.
   */
  signed: boolean;
  /** Told why the route is not used when the plugin has it (once per reason). */
  onNotice?: (message: string) => void;
  /**
   * How long a discovery holds, 60 s by default: the plugin's tracked post types change when
   * the connector configures it, and a plugin may be updated without a 404 ever telling us.
   */
  refreshMs?: number;
  now?: () => number;
}

/**
 * Whether the companion plugin's `sfwp/v1/bulk` route can carry this client's writes, asked once
 * (the plugin status) and asked again after {@link forget}, e.g. when the route answered 404.
 */
export class BulkRoute {
  private discovery: Promise<BulkCapacity | undefined> | undefined;
  private known: BulkCapacity | undefined;
  private readonly noticesGiven = new Set<string>();
  /** When the settled discovery expires; undefined while one is under way. */
  private expiresAt: number | undefined;

  constructor(private readonly options: BulkRouteOptions) {}

  /** The route's capacity, or undefined when writes go through `/batch/v1` or alone. */
  capacity(): Promise<BulkCapacity | undefined> {
    if (this.expiresAt !== undefined && this.now() >= this.expiresAt) {
      // Asked again, while writes go on with what was known.
      this.discovery = undefined;
      this.expiresAt = undefined;
    }
    this.discovery ??= this.discover().then(
      (capacity) => {
        this.known = capacity;
        this.expiresAt = this.now() + this.refreshMs();
        return capacity;
      },
      (error: unknown) => {
        this.discovery = undefined;
        throw error;
      },
    );
    return this.discovery;
  }

  /** What the last discovery found, without asking WordPress. */
  get lastKnown(): BulkCapacity | undefined {
    return this.known;
  }

  /** Forgets what was discovered: the next write asks the plugin again. */
  forget(): void {
    this.discovery = undefined;
    this.expiresAt = undefined;
    this.known = undefined;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /**
   * Stops using the route until the next check (it refused our signature: the plugin may not
   * have been given the secret yet), saying why once.
   */
  suspend(reason: string): void {
    this.discovery = Promise.resolve(undefined);
    this.expiresAt = this.now() + this.refreshMs();
    this.known = undefined;
    this.notice(reason);
  }

  private refreshMs(): number {
    return this.options.refreshMs ?? 60_000;
  }

  private async discover(): Promise<BulkCapacity | undefined> {
    let status: Pick<CompanionStatus, 'bulkMaxItems' | 'postTypes' | 'sharedSecretSet'>;
    try {
      status = await this.options.status();
    } catch (error) {
      // No plugin, or a user without `sfwp_sync`: the route would refuse us just the same.
      if (error instanceof WordPressNotFoundError) return undefined;
      if (error instanceof WordPressError && (error.status === 404 || error.status === 403))
        return undefined;
      throw error;
    }
    const maxItems = status.bulkMaxItems ?? undefined;
    if (maxItems === undefined) return undefined;
    if (!this.options.signed) {
      this.notice(
        'The companion plugin offers its bulk write route, but it takes only requests signed ' +
          'with the shared secret: set wordpress.sharedSecret (WP_SHARED_SECRET) to use it. ' +
          'Writes go through /batch/v1 or one request each meanwhile.',
      );
      return undefined;
    }
    if (!status.sharedSecretSet) {
      // The connector gives the plugin its secret at start; the next check finds it there.
      this.notice(
        'The companion plugin has no shared secret yet, so its bulk write route would refuse ' +
          'the connector: writes go through /batch/v1 or one request each until it has one ' +
          '(changeFeed.configurePlugin sets it, or SFWP_SHARED_SECRET in wp-config.php).',
      );
      return undefined;
    }
    return { maxItems, types: new Set([USER_TYPE, ...status.postTypes]) };
  }

  private notice(message: string): void {
    if (this.noticesGiven.has(message)) return;
    this.noticesGiven.add(message);
    this.options.onNotice?.(message);
  }
}
