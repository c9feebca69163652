/**
 * The lease keeper's thread: it asks for and renews the intake lease on a PostgreSQL connection
 * of its own, so a main thread busy with a large batch (the store's calls block it) neither
 * delays a renewal nor a standby's takeover. A paused process (SIGSTOP, a VM freeze) pauses
 * this thread too, so it cannot keep a lease for a replica that is not running.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AsyncPostgresLeases } from '../../store/postgres/async-leases.js';
import type { KeeperCommand, KeeperEvent, KeeperThreadSetup } from './keeper-thread-protocol.js';
import { LeaseKeeper } from './lease-keeper.js';

const setup = workerData as KeeperThreadSetup;
const port = parentPort;
if (!port) throw new Error('lease-worker runs as a worker thread');
const post = (event: KeeperEvent): void => {
  port.postMessage(event);
};
// Errors cross the thread boundary as plain fields: their message and PostgreSQL's code.
const plain = (fields: object): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      value instanceof Error
        ? { message: value.message, code: (value as Error & { code?: string }).code }
        : value,
    ]),
  );

const leases = new AsyncPostgresLeases({
  url: setup.url,
  applicationName: 'sfwp-lease',
  lockTimeoutMs: setup.lockTimeoutMs,
});
let asked = false;
const keeper = new LeaseKeeper({
  leases,
  name: setup.name,
  holder: setup.holder,
  ttlMs: setup.ttlMs,
  renewEveryMs: setup.renewEveryMs,
  pollEveryMs: setup.pollEveryMs,
  logger: {
    info: (fields, message) => {
      post({ kind: 'log', level: 'info', fields: plain(fields), message });
    },
    warn: (fields, message) => {
      post({ kind: 'log', level: 'warn', fields: plain(fields), message });
    },
  },
  onAcquired: (token) => {
    post({ kind: 'acquired', token });
  },
  onLost: (token, reason) => {
    post({ kind: 'lost', token, reason });
  },
  onChange: (change) => {
    post({ kind: 'change', change });
  },
  onAsked: () => {
    // Only the first answer matters to the main thread: start-up waits for it.
    if (!asked) post({ kind: 'asked' });
    asked = true;
  },
  onRenewal: (result) => {
    post({ kind: 'renewal', result });
  },
});

port.on('message', (command: KeeperCommand) => {
  switch (command.kind) {
    case 'check-now':
      void keeper.checkNow();
      return;
    case 'pause':
      keeper.pause();
      return;
    case 'give-up':
      void keeper.giveUp().then(() => {
        post({ kind: 'gave-up' });
      });
      return;
    case 'stop':
      void keeper
        .stop()
        .then(() => leases.close())
        .catch(() => undefined)
        .then(() => {
          post({ kind: 'stopped' });
          port.close();
        });
  }
});
keeper.start();
