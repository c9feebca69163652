import type { Logger } from 'pino';
import type { Leases } from '../../store/leases.js';

export type LeadershipChange = 'acquired' | 'lost' | 'released';
export type RenewalResult = 'renewed' | 'lost' | 'error';

export interface LeaseKeeperOptions {
  leases: Leases;
  name: string;
  holder: string;
  ttlMs: number;
  logger: Logger;
  /** This replica now holds the lease with this fencing token. */
  onAcquired(token: number): void;
  /** It no longer does (expired, taken over, or unreachable past the lease): stop leading. */
  onLost(token: number, reason: string): void;
  onChange?(change: LeadershipChange): void;
  onRenewal?(result: RenewalResult): void;
}

/**
 * Tries for a lease while standing by and renews it while leading, every third of the lease:
 * two renewals can fail before it runs out. Every time is the database's, so a replica whose
 * process was paused (GC, SIGSTOP, a VM freeze) learns on waking that its lease is gone; its
 * writes were fenced meanwhile, so it has written nothing since.
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | undefined;
  private token: number | undefined;
  private lastRenewed = 0;
  private stopped = false;
  private acquiring = true;

  constructor(private readonly options: LeaseKeeperOptions) {}

  get currentToken(): number | undefined {
    return this.token;
  }

  start(): void {
    this.tick();
  }

  /** Renews a held lease now instead of at the next tick (a write was refused: is it lost?). */
  checkNow(): void {
    if (this.token !== undefined && !this.stopped) this.renew(this.token);
  }

  /** Takes no lease from now on, but keeps renewing one held (while the leader stops). */
  pause(): void {
    this.acquiring = false;
  }

  /** Hands a held lease back now: leading failed, another replica may try at once. */
  giveUp(): void {
    if (this.token === undefined) return;
    try {
      this.options.leases.release(this.options.name, this.token);
      this.options.onChange?.('released');
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not release the lease; it will expire');
    }
    this.token = undefined;
  }

  /** Stops for good; a held lease is released so a standby takes over at once. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.giveUp();
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.token !== undefined) this.renew(this.token);
    else if (this.acquiring) this.tryAcquire();
    // A callback may have stopped the keeper; the next tick then ends at its first line.
    this.timer = setTimeout(() => {
      this.tick();
    }, this.options.ttlMs / 3);
    this.timer.unref();
  }

  private tryAcquire(): void {
    const { leases, name, holder, ttlMs, logger } = this.options;
    try {
      const token = leases.acquire(name, holder, ttlMs);
      if (token === undefined) return;
      this.token = token;
      this.lastRenewed = Date.now();
      logger.info({ lease: name, holder, token }, 'leadership acquired');
      this.options.onChange?.('acquired');
      this.options.onAcquired(token);
    } catch (error) {
      logger.warn({ err: error, lease: name }, 'could not ask for the lease; trying again');
    }
  }

  private renew(token: number): void {
    const { leases, name, holder, ttlMs, logger } = this.options;
    let renewed: boolean;
    try {
      renewed = leases.renew(name, holder, token, ttlMs);
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
