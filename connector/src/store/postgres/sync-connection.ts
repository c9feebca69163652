import {
  MessageChannel,
  receiveMessageOnPort,
  type MessagePort,
  type Worker,
} from 'node:worker_threads';
import { StateStoreError } from '../state-store.js';
import type {
  BridgeRequest,
  BridgeResponse,
  BridgeSetup,
  Statement,
  StatementResult,
} from './bridge-protocol.js';
import { startModuleWorker } from './start-worker.js';

export interface SyncPostgresOptions {
  url: string;
  /** @defaultValue 5000 */
  connectTimeoutMs?: number;
  /** @defaultValue 30000 */
  statementTimeoutMs?: number;
  /**
   * The store sends a transaction's statements back to back, so a transaction idle this long
   * belongs to a paused process (SIGSTOP, a VM freeze): PostgreSQL ends it, and its lock on the
   * lease row, so a takeover is not held up. @defaultValue 5000
   */
  idleInTransactionTimeoutMs?: number;
  /** How long a statement waits for a row lock. @defaultValue 10000 */
  lockTimeoutMs?: number;
  applicationName?: string;
}

/** A PostgreSQL error, with its SQLSTATE when the server sent one. */
export class PostgresStoreError extends StateStoreError {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'PostgresStoreError';
  }
}

/** A worker that cannot start answers the first request with why, instead of leaving it to time out. */
function startWorker(setup: BridgeSetup): Worker {
  return startModuleWorker(
    new URL('./pg-worker.js', import.meta.url),
    new URL('./pg-worker.ts', import.meta.url),
    { workerData: setup, transferList: [setup.port] },
    `workerData.port.postMessage({ ok: false, error: { message: 'The PostgreSQL worker did not start: ' + error.message, code: 'worker' } });
     const signal = new Int32Array(workerData.signal);
     Atomics.store(signal, 0, 1);
     Atomics.notify(signal, 0);`,
  );
}

/**
 * A synchronous PostgreSQL connection. The {@link StateStore} port is synchronous (the engine
 * was built on better-sqlite3), so the `pg` client runs in a worker thread and each call blocks
 * on `Atomics.wait` until the worker answers — the approach of synckit and Node's own
 * `module.register` hooks. One connection: transactions span calls naturally.
 */
export class SyncPostgresConnection {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private readonly waitMs: number;
  private closed = false;

  constructor(options: SyncPostgresOptions) {
    const { port1, port2 } = new MessageChannel();
    const buffer = new SharedArrayBuffer(4);
    this.signal = new Int32Array(buffer);
    this.port = port1;
    const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
    // Past both timeouts and the worker's own start-up, the worker itself is stuck.
    this.waitMs = connectTimeoutMs + statementTimeoutMs + 15_000;
    this.worker = startWorker({
      url: options.url,
      port: port2,
      signal: buffer,
      connectTimeoutMs,
      statementTimeoutMs,
      idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs ?? 5000,
      lockTimeoutMs: options.lockTimeoutMs ?? 10_000,
      applicationName: options.applicationName ?? 'sfwp',
    });
    this.worker.unref();
  }

  query<Row = Record<string, unknown>>(text: string, params: unknown[] = []): Row[] {
    return this.run([{ text, params }])[0]?.rows as Row[];
  }

  /** Runs the statements in order, on one round trip to the worker. */
  run(statements: Statement[]): StatementResult[] {
    const response = this.call({ kind: 'query', statements });
    // Nothing listens any more: a later call (even close) would only wait out its time.
    if (!response.ok && response.error.code === 'worker') this.closed = true;
    if (!response.ok) throw new PostgresStoreError(response.error.message, response.error.code);
    return response.results;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.call({ kind: 'close' });
    } finally {
      this.port.close();
      void this.worker.terminate();
    }
  }

  private call(request: BridgeRequest): BridgeResponse {
    if (this.closed && request.kind !== 'close') {
      throw new StateStoreError('The PostgreSQL state store is closed');
    }
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(request);
    if (Atomics.wait(this.signal, 0, 0, this.waitMs) === 'timed-out') {
      throw new StateStoreError(
        `The PostgreSQL worker did not answer within ${String(this.waitMs)} ms`,
      );
    }
    const message = receiveMessageOnPort(this.port);
    if (!message) throw new StateStoreError('The PostgreSQL worker answered nothing');
    return message.message as BridgeResponse;
  }
}
