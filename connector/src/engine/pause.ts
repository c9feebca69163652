import type { StateStore } from '../store/state-store.js';
import type { PauseGate } from './pause-gate.js';

/** Checkpoint holding who paused the connector and when; empty when it runs. */
export const PAUSE_CHECKPOINT = 'paused';

/** Who paused the sync and when: the `WP_Sync_Command__e`'s `CreatedById` and `CreatedDate`. */
export interface PauseInfo {
  /** Salesforce user id of the person who sent Pause; absent when the event did not say. */
  pausedBy?: string;
  /** That user's name, when the connector could read it. */
  pausedByName?: string;
  /** ISO 8601. */
  pausedAt: string;
}

/** What a pause holds: the engine's gate, which both directions wait on. */
export type Pausable = Pick<PauseGate, 'pause' | 'resume'>;

function parse(stored: string | undefined): PauseInfo | undefined {
  if (stored === undefined || stored === '') return undefined;
  try {
    const value = JSON.parse(stored) as Partial<PauseInfo>;
    if (typeof value.pausedAt !== 'string') return undefined;
    return {
      pausedAt: value.pausedAt,
      ...(typeof value.pausedBy === 'string' ? { pausedBy: value.pausedBy } : {}),
      ...(typeof value.pausedByName === 'string' ? { pausedByName: value.pausedByName } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * The Pause and Resume commands' state. It is stored in the state database, so a paused
 * connector stays paused across a restart (a sync that quietly resumes after a restart would
 * surprise whoever paused it); only Resume ends a pause.
 */
export class PauseControl {
  private current: PauseInfo | undefined;

  constructor(
    private readonly store: Pick<StateStore, 'getCheckpoint' | 'setCheckpoint'>,
    private readonly target: Pausable,
  ) {
    this.current = parse(store.getCheckpoint(PAUSE_CHECKPOINT));
    if (this.current) target.pause();
  }

  /** Undefined while the connector runs. */
  get info(): PauseInfo | undefined {
    return this.current;
  }

  pause(info: PauseInfo): void {
    // A second Pause keeps the first one's author and time: that is when the sync stopped.
    this.current ??= info;
    this.store.setCheckpoint(PAUSE_CHECKPOINT, JSON.stringify(this.current));
    this.target.pause();
  }

  resume(): void {
    this.current = undefined;
    this.store.setCheckpoint(PAUSE_CHECKPOINT, '');
    this.target.resume();
  }
}

/** Who sent a command and when, from the platform event's standard fields. */
export function commandAuthor(payload: Record<string, unknown>, now = new Date()): PauseInfo {
  const by = payload.CreatedById;
  const created = payload.CreatedDate;
  const at =
    typeof created === 'number' || typeof created === 'bigint'
      ? new Date(Number(created))
      : typeof created === 'string'
        ? new Date(/^\d+$/.test(created) ? Number(created) : created)
        : now;
  return {
    pausedAt: Number.isNaN(at.getTime()) ? now.toISOString() : at.toISOString(),
    ...(typeof by === 'string' && by !== '' ? { pausedBy: by } : {}),
  };
}
