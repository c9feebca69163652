import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.js';
import type { ConnectorStatus } from '../../engine/status.js';
import type { ConnectorHandle } from '../connector.js';
import type { ConnectorMetrics } from '../../observability/metrics.js';
import { FencedOutError, type Fence, type Lease } from '../../store/leases.js';

export type { Fence } from '../../store/leases.js';
import { PostgresStateStore } from '../../store/postgres/postgres-state-store.js';
import { CONNECTOR_VERSION } from '../version.js';
import { DEFAULT_LEASE_SECONDS } from '../../config/schema.js';
import { LeaseKeeperThread } from './lease-keeper-thread.js';

/**
 * The one lease: the leader runs both intakes (Pub/Sub subscriptions and the WordPress change
 * feed). They share one process's record lanes and locks, which keep a record's two directions
 * from writing at once; split across replicas they could not.
 */
export const INTAKE_LEASE = 'intake';

export interface ReplicaStatus extends ConnectorStatus {
  leadership: { role: 'leader' | 'standby'; holder: string; leases: Lease[] };
}

export interface StartReplicaOptions {
  logger: Logger;
  metrics?: ConnectorMetrics | undefined;
  /** Starts the connector as leader, its store writes fenced with this token. */
  startLeader(fence: Fence): Promise<ConnectorHandle>;
}

function standbyStatus(config: Config, startedAt: string, holder: string): ConnectorStatus {
  return {
    state: 'starting',
    version: CONNECTOR_VERSION,
    startedAt,
    reason: `standby: replica ${holder} takes over when the leader's lease (${INTAKE_LEASE}) expires`,
    salesforce: { instanceUrl: undefined, replayPositions: {}, apiUsage: undefined },
    wordpress: { url: config.wordpress.url },
    intake: { inFlight: 0, lagMs: undefined, eventsApplied: 0 },
    deadLetters: { open: 0 },
    mappings: { loaded: [], skipped: [] },
  };
}

/**
 * One of several connector replicas on a PostgreSQL store: stands by until it wins the intake
 * lease, then starts the connector with its writes fenced by the lease's token; steps down
 * (stops the connector, stands by again) when the lease is lost. Start-up errors of the store
 * (wrong URL, password, database, a newer schema) end the start before any lease is taken.
 */
export async function startReplica(
  config: Config,
  options: StartReplicaOptions,
): Promise<ConnectorHandle> {
  const { logger, metrics } = options;
  const url = config.store.url?.reveal();
  if (url === undefined) throw new Error('A replica needs store.url (SFWP_DATABASE_URL)');
  // Only reads the leases for /healthz; the keeper thread has its own connection.
  const leaseStore = new PostgresStateStore({ url, applicationName: 'sfwp-lease-status' });
  const holder = `${hostname()}/${String(process.pid)}/${randomUUID().slice(0, 8)}`;
  const startedAt = new Date().toISOString();
  let leader: ConnectorHandle | undefined;
  let transition: Promise<void> = Promise.resolve();
  metrics?.setLeader(false);

  const lead = async (token: number): Promise<void> => {
    try {
      const started = await options.startLeader({
        lease: INTAKE_LEASE,
        token,
        // A refused write is the first sign after a pause: renew now, and step down on failure.
        onFencedOut: () => {
          keeper.checkNow();
        },
      });
      if (keeper.currentToken === token) leader = started;
      else await started.stop();
    } catch (error) {
      logger.error({ err: error }, 'could not start as leader; standing by');
      await keeper.giveUp();
    }
  };
  const stepDown = async (): Promise<void> => {
    const current = leader;
    leader = undefined;
    try {
      await current?.stop();
    } catch (error) {
      // Its last writes were fenced: the new leader's state stands, nothing is lost.
      logger.warn({ err: error }, 'stepped down; the old leadership ended with refused writes');
    }
  };
  // A takeover waits at most 2 s for a paused leader's lock (its transaction ends after 5 s).
  const keeper: LeaseKeeperThread = new LeaseKeeperThread({
    url,
    name: INTAKE_LEASE,
    holder,
    ttlMs: (config.store.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000,
    lockTimeoutMs: 2000,
    logger,
    onAcquired: (token) => {
      metrics?.setLeader(true);
      transition = transition.then(() => lead(token));
    },
    onLost: () => {
      metrics?.setLeader(false);
      transition = transition.then(stepDown);
    },
    onChange: (change) => metrics?.recordLeadershipChange(change),
    onRenewal: (result) => metrics?.recordLeaseRenewal(result),
  });
  // A refused write thrown from a timer (a checkpoint commit, say) must not end the process:
  // the replica steps down instead. Any other uncaught error ends it as Node would.
  const onUncaught = (error: Error): void => {
    if (error instanceof FencedOutError) {
      logger.warn({ err: error }, 'a write after the lease was lost was refused');
      return;
    }
    console.error(error);
    process.exit(1);
  };
  process.on('uncaughtException', onUncaught);
  logger.info({ holder, lease: INTAKE_LEASE }, 'replica standing by for the lease');
  keeper.start();
  // Started means leading and running, or standing by: not still asking for the lease.
  await keeper.firstAnswer;
  await transition;

  const leases = (): Lease[] => {
    try {
      return leaseStore.leases.list();
    } catch {
      return [];
    }
  };
  return {
    status: (): ReplicaStatus => ({
      ...(leader ? leader.status() : standbyStatus(config, startedAt, holder)),
      leadership: { role: leader ? 'leader' : 'standby', holder, leases: leases() },
    }),
    wakeChangeFeed: () => leader?.wakeChangeFeed?.(),
    mappings: () => leader?.mappings() ?? new Map(),
    reloadMappings: () => (leader ? leader.reloadMappings() : Promise.resolve()),
    fullSync: (fullSyncOptions) => {
      if (!leader)
        throw new Error(`This replica stands by (${holder}); the leader runs full syncs`);
      return leader.fullSync(fullSyncOptions);
    },
    signedRoutes: () => leader?.signedRoutes?.() ?? [],
    async stop() {
      keeper.pause();
      await transition;
      await stepDown();
      await keeper.stop();
      leaseStore.close();
      process.removeListener('uncaughtException', onUncaught);
    },
  };
}
