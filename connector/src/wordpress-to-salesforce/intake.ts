import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { flowsIn, type ObjectMapping } from '../mapping/types.js';
import type { StateStore } from '../store/state-store.js';
import type { SalesforceOutcome, WordPressChangeItem } from './apply.js';
import {
  backoffDelay,
  classifyFailure,
  type BackoffOptions,
  type FailureKind,
} from '../engine/retry-policy.js';
import type { CompanionPlugin, WordPressChange } from '../wordpress/companion-plugin.js';
import type { ProblemReporter } from '../engine/status.js';
import { applyWithRetries } from './retrying-apply.js';
import { collectChanges, latestPerObject } from './collect-window.js';

export { latestPerObject } from './collect-window.js';

/** The checkpoint holding the last change-feed cursor whose outcome is recorded. */
export const FEED_CHECKPOINT = 'wordpress-feed:cursor';
/** Records per Salesforce write: sObject Collections take 200. */
const CHUNK = 200;

const DEFAULT_ACK_INTERVAL_MS = 30_000;

export interface WordPressIntakeOptions {
  plugin: CompanionPlugin;
  store: StateStore;
  logger: Logger;
  mappings(): ReadonlyMap<string, ObjectMapping>;
  /** Applies one chunk of changes of one mapping; throws on call-level failures. */
  apply(mapping: ObjectMapping, items: WordPressChangeItem[]): Promise<SalesforceOutcome[]>;
  /** Records one record's outcome (results, dead letters, logs) durably. */
  record(mapping: ObjectMapping, outcome: SalesforceOutcome, sourceEvent: string): void;
  /** Resolves when intake may go on (the Pause command holds it). */
  gate(): Promise<void>;
  pollMs: number;
  batchSize: number;
  /**
   * After a page of fewer than 200 changes, how long to keep gathering more before applying
   * (`changeFeed.collectMs`); 0 or absent applies each page at once.
   */
  collectMs?: number;
  /** How long to wait before trying Salesforce again once its API allowance is spent. */
  throttleRetryMs: number;
  /**
   * At most one acknowledgement per this many ms (30 s by default), and one when intake stops:
   * it only tells the plugin which rows it may prune after their retention, so one per page
   * would be a WordPress request per page for nothing.
   */
  ackIntervalMs?: number;
  /** Credentials refused, a side unreachable or throttled (message), or all well again. */
  onProblem?: ProblemReporter;
  /**
   * Tries per record for a transient record error (UNABLE_TO_LOCK_ROW, QUERY_TIMEOUT, …)
   * before it is dead-lettered; 1 turns retrying off. 8 by default.
   */
  maxAttempts?: number;
  /** Backoff between those tries (full jitter; 500 ms doubling, up to 60 s, by default). */
  recordRetryBackoff?: BackoffOptions;
  /**
   * With several orgs, the org this reader applies changes to: it also takes the connector's
   * writes made for the other orgs (docs/ARCHITECTURE.md, several orgs). Undefined with one org.
   */
  readsForOrg?: string | undefined;
}

/**
 * WordPress → Salesforce intake: reads the companion plugin's change feed (a short poll that a
 * signed webhook ping wakes early, gathering a page of fewer than 200 for up to `collectMs`), skips the connector's own changes (`origin=connector`, but for another org's: `readsForOrg`),
 * hands the rest to {@link WordPressIntakeOptions.apply} per mapping in chunks of 200, records
 * every outcome, and only then stores the cursor. A failure leaves the cursor where it was, so
 * the same changes are read again: nothing is lost, and upserts make the repeat harmless.
 * A record that fails with a transient error is tried again on its own, after a backoff, up to
 * `maxAttempts` times before it is dead-lettered; the cursor waits for it, and the records of
 * the chunk that succeeded are recorded once and not written again.
 */
export class WordPressIntake {
  private stopping = false;
  private running: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private failures = 0;
  private requestStop: () => void = () => undefined;
  private readonly stopRequested = new Promise<void>((resolve) => {
    this.requestStop = resolve;
  });
  readonly counters = {
    changesRead: 0,
    recordsSynced: 0,
    lastReadAt: undefined as string | undefined,
  };

  /** The last cursor the plugin was told of, and when (ms). */
  private ackedCursor = 0;
  private ackedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: WordPressIntakeOptions) {}

  get cursor(): number {
    return Number(this.options.store.getCheckpoint(FEED_CHECKPOINT) ?? '0');
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** A webhook ping: read now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Read through a method: `stop()` flips it while the loop awaits. */
  private isStopping(): boolean {
    return this.stopping;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.requestStop();
    this.wakeUp?.();
    await this.running;
    await this.acknowledge(this.cursor, true);
  }

  /** Reads and applies everything the feed holds now; for tests and full catch-up. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const page = await this.readOnce();
      total += page.read;
      if (!page.hasMore) return total;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let hasMore: boolean;
      try {
        // A paused connector holds intake here; stopping must not wait for a resume.
        await Promise.race([this.options.gate(), this.stopRequested]);
        if (this.isStopping()) break;
        ({ hasMore } = await this.readOnce());
        if (this.failures > 0) this.options.onProblem?.(undefined);
        this.failures = 0;
      } catch (error) {
        if (error instanceof IntakeStopped) break;
        this.failures++;
        const kind = classifyFailure(error);
        const message = error instanceof Error ? error.message : String(error);
        this.reportProblem(kind, message);
        this.options.logger.warn(
          { err: error, kind, attempt: this.failures, cursor: this.cursor },
          'reading WordPress changes failed; will retry from the same cursor',
        );
        await this.sleep(
          kind === 'throttled'
            ? this.options.throttleRetryMs
            : backoffDelay(this.failures, { baseMs: 1000, maxMs: 30_000 }),
        );
        continue;
      }
      if (!hasMore) await this.sleep(this.options.pollMs);
    }
  }

  private reportProblem(kind: FailureKind, message: string): void {
    switch (kind) {
      case 'authentication':
        this.options.onProblem?.(message, 'authentication-failed');
        return;
      case 'throttled':
        this.options.onProblem?.(
          `Salesforce API allowance spent (REQUEST_LIMIT_EXCEEDED): WordPress → Salesforce intake paused, next try in ${Math.round(this.options.throttleRetryMs / 1000)} s. ${message}`,
          'throttled',
        );
        return;
      case 'unavailable':
        this.options.onProblem?.(
          `WordPress or Salesforce unreachable; change feed waits at cursor ${this.cursor}: ${message}`,
          'unavailable',
        );
        return;
      default:
    }
  }

  private async sleep(ms: number): Promise<void> {
    if (this.woken || this.stopping) {
      this.woken = false;
      return;
    }
    const controller = new AbortController();
    this.wakeUp = () => {
      controller.abort();
    };
    await delay(ms, undefined, { signal: controller.signal }).catch(() => undefined);
    this.wakeUp = undefined;
    this.woken = false;
  }

  private async readOnce(): Promise<{ read: number; hasMore: boolean }> {
    const after = this.cursor;
    const page = await collectChanges(
      (from, limit) => this.options.plugin.changes(from, limit),
      after,
      {
        batchSize: this.options.batchSize,
        collectMs: this.options.collectMs ?? 0,
        pause: (ms) => this.sleep(ms),
        stopped: () => this.isStopping(),
        readsForOrg: this.options.readsForOrg,
      },
    );
    this.counters.lastReadAt = new Date().toISOString();
    if (page.changes.length === 0) return { read: 0, hasMore: false };
    this.counters.changesRead += page.changes.length;
    await this.applyChanges(page.changes, `wordpress-feed:${after + 1}-${page.nextCursor}`);
    this.options.store.setCheckpoint(FEED_CHECKPOINT, String(page.nextCursor));
    await this.acknowledge(page.nextCursor, false);
    return { read: page.changes.length, hasMore: page.hasMore };
  }

  /** Only a hint to the plugin that it may prune; our own checkpoint is what counts. */
  private async acknowledge(cursor: number, now: boolean): Promise<void> {
    const interval = this.options.ackIntervalMs ?? DEFAULT_ACK_INTERVAL_MS;
    if (cursor <= this.ackedCursor) return;
    if (!now && Date.now() - this.ackedAt < interval) return;
    this.ackedAt = Date.now();
    await this.options.plugin.acknowledge(cursor).then(
      () => {
        this.ackedCursor = cursor;
      },
      (error: unknown) => {
        this.options.logger.debug({ err: error }, 'acknowledging the change feed failed');
      },
    );
  }

  private async applyChanges(
    changes: readonly WordPressChange[],
    sourceEvent: string,
  ): Promise<void> {
    const latest = [...latestPerObject(changes, this.options.readsForOrg).values()];
    for (const mapping of this.options.mappings().values()) {
      if (!mapping.active || !flowsIn(mapping.direction, 'wordpress-to-salesforce')) continue;
      const items: WordPressChangeItem[] = latest
        .filter((change) => change.type === mapping.wordpressType)
        .map((change) => ({
          id: change.id,
          operation: change.operation,
          ...(change.manual ? { manual: true } : {}),
          ...(change.time ? { changedAt: new Date(change.time) } : {}),
        }));
      for (let start = 0; start < items.length; start += CHUNK) {
        await this.applyChunk(mapping, items.slice(start, start + CHUNK), sourceEvent);
      }
    }
  }

  /** One chunk, its transient record errors retried; a call-level failure throws. */
  private async applyChunk(
    mapping: ObjectMapping,
    chunk: WordPressChangeItem[],
    sourceEvent: string,
  ): Promise<void> {
    await applyWithRetries(mapping, chunk, (items) => this.options.apply(mapping, items), {
      logger: this.options.logger,
      ...(this.options.maxAttempts === undefined ? {} : { maxAttempts: this.options.maxAttempts }),
      ...(this.options.recordRetryBackoff ? { backoff: this.options.recordRetryBackoff } : {}),
      wait: (ms) => this.backoff(ms),
      context: { cursor: this.cursor },
      onSettled: (outcome) => {
        this.options.record(mapping, outcome, sourceEvent);
        if (outcome.status === 'Success') this.counters.recordsSynced++;
      },
    });
  }

  /** A backoff that a webhook ping does not cut short, but stopping does. */
  private async backoff(ms: number): Promise<void> {
    await Promise.race([delay(ms), this.stopRequested]);
    if (this.isStopping()) throw new IntakeStopped();
  }
}

/** Stopping during a record's backoff: the page is left unfinished and its cursor unstored. */
class IntakeStopped extends Error {}
