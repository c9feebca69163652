import type { Leases } from '../../store/leases.js';

export type LeadershipChange = 'acquired' | 'lost' | 'released';
export type RenewalResult = 'renewed' | 'lost' | 'error';

/** The lease calls the keeper makes, answered at once (the store) or later (its own thread). */
export type KeeperLeases = {
  [Call in keyof Omit<Leases, 'list'>]: (
    ...args: Parameters<Leases[Call]>
  ) => ReturnType<Leases[Call]> | Promise<ReturnType<Leases[Call]>>;
};

/** What the keeper logs: pino's logger, or the keeper thread's messages to the main thread. */
export interface KeeperLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface LeaseKeeperOptions {
  leases: KeeperLeases;
  name: string;
  holder: string;
  ttlMs: number;
  /** How often a held lease is renewed. @defaultValue a quarter of the lease */
  renewEveryMs?: number;
  /** How often a standby asks for the lease. @defaultValue a tenth of the lease */
  pollEveryMs?: number;
  logger: KeeperLog;
  /** This replica now holds the lease with this fencing token. */
  onAcquired(token: number): void;
  /** It no longer does (expired, taken over, or unreachable past the lease): stop leading. */
  onLost(token: number, reason: string): void;
  onChange?(change: LeadershipChange): void;
  onRenewal?(result: RenewalResult): void;
  /** A request for the lease was answered (won, held by another, or failed). */
  onAsked?(): void;
}

/**
 * Asks for a lease while standing by and renews it while leading. A renewal runs several times
 * per lease, so a slow statement or two does not lose it; a standby asks often, so a lease
 * that ran out moves within a fraction of a lease. Every time is the database's, so a replica
 * whose process was paused (GC, SIGSTOP, a VM freeze) learns on waking that its lease is gone;
 * its writes were fenced meanwhile, so it has written nothing since. Calls run one at a time.
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | undefined;
  private token: number | undefined;
  private lastRenewed = 0;
  private stopped = false;
  private acquiring = true;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeaseKeeperOptions) {}

  get currentToken(): number | undefined {
    return this.token;
  }

  start(): void {
    void this.enqueue(() => this.tick());
  }

  /** Renews a held lease now instead of at the next tick (a write was refused: is it lost?). */
  checkNow(): Promise<void> {
    return this.enqueue(async () => {
      if (this.token !== undefined && !this.stopped) await this.renew(this.token);
    });
  }

  /** Takes no lease from now on, but keeps renewing one held (while the leader stops). */
  pause(): void {
    this.acquiring = false;
  }

  /** Hands a held lease back now: leading failed, another replica may try at once. */
  giveUp(): Promise<void> {
    return this.enqueue(() => this.release());
  }

  /** Stops for good; a held lease is released so a standby takes over at once. */
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    return this.enqueue(() => this.release());
  }

  private enqueue(call: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(call, call);
    return this.queue;
  }

  private async release(): Promise<void> {
    const token = this.token;
    if (token === undefined) return;
    this.token = undefined;
    try {
      await this.options.leases.release(this.options.name, token);
      this.options.onChange?.('released');
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not release the lease; it will expire');
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.token !== undefined) await this.renew(this.token);
    else if (this.acquiring) {
      await this.tryAcquire();
      this.options.onAsked?.();
    }
    // Stopped meanwhile (a callback, or stop() during the call): the next tick ends at once.
    const { ttlMs, renewEveryMs = ttlMs / 4, pollEveryMs = ttlMs / 10 } = this.options;
    this.timer = setTimeout(
      () => void this.enqueue(() => this.tick()),
      this.token === undefined ? pollEveryMs : renewEveryMs,
    );
    this.timer.unref();
  }

  private async tryAcquire(): Promise<void> {
    const { leases, name, holder, ttlMs, logger } = this.options;
    try {
      const token = await leases.acquire(name, holder, ttlMs);
      if (token === undefined) return;
      if (this.stopped || !this.acquiring) {
        // Stopping meanwhile: hand it straight back rather than lead for a moment.
        await leases.release(name, token);
        return;
      }
      this.token = token;
      this.lastRenewed = Date.now();
      logger.info({ lease: name, holder, token }, 'leadership acquired');
      this.options.onChange?.('acquired');
      this.options.onAcquired(token);
    } catch (error) {
      logger.warn({ err: error, lease: name }, 'could not ask for the lease; trying again');
    }
  }

  private async renew(token: number): Promise<void> {
    const { leases, name, holder, ttlMs, logger } = this.options;
    let renewed: boolean;
    try {
      renewed = await leases.renew(name, holder, token, ttlMs);
    } catch (error) {
      this.options.onRenewal?.('error');
      // Unreachable for a whole lease: another replica may lead now; assume so.
      if (Date.now() - this.lastRenewed < ttlMs) {
        logger.warn({ err: error, lease: name }, 'could not renew the lease; trying again');
        return;
      }
      this.lose(token, `could not renew the lease for ${String(ttlMs)} ms`);
      return;
    }
    if (renewed) {
      this.lastRenewed = Date.now();
      this.options.onRenewal?.('renewed');
      return;
    }
    this.options.onRenewal?.('lost');
    this.lose(token, 'the lease expired or another replica took it over');
  }

  private lose(token: number, reason: string): void {
    this.token = undefined;
    this.options.logger.warn(
      { lease: this.options.name, token, reason },
      'leadership lost: stepping down',
    );
    this.options.onChange?.('lost');
    this.options.onLost(token, reason);
  }
}
