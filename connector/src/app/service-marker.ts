import { hostname } from 'node:os';
import { DEFAULT_ORG, type StateStore } from '../store/state-store.js';
import { processStat } from './process-stat.js';

const CHECKPOINT = 'service-process';

/** The connector service that holds a state store: which process, since when. */
export interface ServiceProcess {
  pid: number;
  host: string;
  /** /proc/PID/stat field 22 (clock ticks since boot), when readable: tells a reused pid apart. */
  startTicks?: string;
  startedAt: string;
}

/** `sfwp sync --full` beside a connector service on the same state store. */
export class ServiceRunningError extends Error {
  constructor(readonly service: ServiceProcess) {
    super(
      `A connector service (pid ${String(service.pid)}, running since ${service.startedAt}) uses ` +
        'this state store. A full sync beside it would write the same records as its live ' +
        'changes, at the same time, and could create them twice. Stop the service (systemctl stop ' +
        'sfwp), run the sync, then start the service again; for Salesforce → WordPress the admin ' +
        "app's Resync mapping runs the backfill inside the service instead.",
    );
    this.name = 'ServiceRunningError';
  }
}

/**
 * The mark belongs to the process, not to an org: it lives in the 'default' scope whichever
 * org's view of the store it is given, so the service and `sfwp sync --full` find one mark.
 */
function processScope<S extends object>(store: S): S {
  const scoped = store as S & Partial<Pick<StateStore, 'org' | 'forOrg'>>;
  return scoped.forOrg && scoped.org !== DEFAULT_ORG
    ? (scoped.forOrg(DEFAULT_ORG) as unknown as S)
    : store;
}

function isAlive(service: ServiceProcess): boolean {
  if (service.host !== hostname()) return false;
  try {
    process.kill(service.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A pid the kernel gave to another process since the service died is not the service.
  return (
    service.startTicks === undefined || processStat(service.pid)?.startTicks === service.startTicks
  );
}

/** Notes in the store that this process is the service using it (until `clearServiceMark`). */
export function markServiceRunning(store: Pick<StateStore, 'setCheckpoint'>): void {
  const ticks = processStat(process.pid)?.startTicks;
  const service: ServiceProcess = {
    pid: process.pid,
    host: hostname(),
    ...(ticks === undefined ? {} : { startTicks: ticks }),
    startedAt: new Date().toISOString(),
  };
  processScope(store).setCheckpoint(CHECKPOINT, JSON.stringify(service));
}

export function clearServiceMark(store: Pick<StateStore, 'getCheckpoint' | 'setCheckpoint'>): void {
  if (markedService(store)?.pid === process.pid) processScope(store).setCheckpoint(CHECKPOINT, '');
}

function markedService(store: Pick<StateStore, 'getCheckpoint'>): ServiceProcess | undefined {
  const marked = processScope(store).getCheckpoint(CHECKPOINT);
  if (!marked) return undefined;
  try {
    return JSON.parse(marked) as ServiceProcess;
  } catch {
    return undefined;
  }
}

/** The service of another live process on this machine using the store, if any. */
export function otherRunningService(
  store: Pick<StateStore, 'getCheckpoint'>,
): ServiceProcess | undefined {
  const service = markedService(store);
  return service && service.pid !== process.pid && isAlive(service) ? service : undefined;
}
