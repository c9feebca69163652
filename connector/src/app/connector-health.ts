import type { Logger } from 'pino';
import type { PauseInfo } from '../engine/pause.js';
import type { ConnectorState, ProblemState } from '../engine/status.js';

/**
 * The connector's state and the reason for it: a problem (credentials refused, a side
 * unreachable, throttled) shows until it clears, and logs once when it starts and ends.
 */
export class ConnectorHealth {
  private current: ConnectorState = 'starting';
  private why: string | undefined;

  constructor(private readonly logger: Logger) {}

  get state(): ConnectorState {
    return this.current;
  }

  get reason(): string | undefined {
    return this.why;
  }

  /** A problem (message) or, with `undefined`, that it cleared. */
  report(message: string | undefined, problem: ProblemState = 'authentication-failed'): void {
    if (this.current === 'stopping' || this.current === 'stopped') return;
    if (message === undefined) {
      if (this.why !== undefined) this.logger.info('recovered');
      this.why = undefined;
      this.current = 'running';
      return;
    }
    if (this.why !== message) this.logger.error({ reason: message }, 'connector degraded');
    this.why = message;
    this.current = problem;
  }

  set(state: 'running' | 'stopping' | 'stopped'): void {
    this.current = state;
  }

  /** The state shown: a pause shows unless a problem (which needs someone to act) does. */
  shown(pause: PauseInfo | undefined): ConnectorState {
    return this.current === 'running' && pause ? 'paused' : this.current;
  }
}
