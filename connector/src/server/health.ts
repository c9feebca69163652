import type { ConnectorState } from '../engine/status.js';

/** States in which the connector is doing its job (or was told to pause): `/healthz` says 200. */
export const HEALTHY_STATES: readonly ConnectorState[] = ['running', 'paused'];

export function isHealthy(state: ConnectorState): boolean {
  return HEALTHY_STATES.includes(state);
}
