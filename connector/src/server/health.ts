import type { ConnectorState, ConnectorStatus } from '../engine/status.js';

/** States in which the connector is doing its job (or was told to pause): `/healthz` says 200. */
export const HEALTHY_STATES: readonly ConnectorState[] = ['running', 'paused'];

export function isHealthy(state: ConnectorState): boolean {
  return HEALTHY_STATES.includes(state);
}

/** What `/healthz` shows: a connector's own states, and `standby` for a replica standing by. */
export type HealthzState = ConnectorState | 'standby';

function standsBy(status: ConnectorStatus): boolean {
  const leadership = (status as { leadership?: { role?: unknown } }).leadership;
  return leadership?.role === 'standby';
}

/**
 * The `/healthz` answer. A replica standing by is well but not serving: 503 with state
 * `standby` (not `starting`, which would read as stuck), so a load balancer that checks
 * `/healthz` sends the companion plugin's webhook and signed calls to the leader, the one
 * replica that reads the change feed and answers them. Watching a process's life is the
 * supervisor's job (systemd), not this route's.
 */
export function healthzReply(status: ConnectorStatus): {
  code: 200 | 503;
  body: Omit<ConnectorStatus, 'state'> & { state: HealthzState };
} {
  if (standsBy(status)) return { code: 503, body: { ...status, state: 'standby' } };
  return { code: isHealthy(status.state) ? 200 : 503, body: status };
}
