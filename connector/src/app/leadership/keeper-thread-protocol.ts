import type { LeadershipChange, RenewalResult } from './lease-keeper.js';

/** What the main thread hands the lease keeper's thread when it starts it. */
export interface KeeperThreadSetup {
  url: string;
  name: string;
  holder: string;
  ttlMs: number;
  renewEveryMs: number;
  pollEveryMs: number;
  lockTimeoutMs: number;
}

export type KeeperCommand =
  { kind: 'check-now' } | { kind: 'pause' } | { kind: 'give-up' } | { kind: 'stop' };

export type KeeperEvent =
  | { kind: 'acquired'; token: number }
  | { kind: 'lost'; token: number; reason: string }
  | { kind: 'change'; change: LeadershipChange }
  | { kind: 'renewal'; result: RenewalResult }
  | { kind: 'log'; level: 'info' | 'warn'; fields: Record<string, unknown>; message: string }
  | { kind: 'asked' }
  | { kind: 'gave-up' }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string };
