/**
 * The worker thread behind {@link SyncPostgresConnection}: it owns one `pg` client and runs the
 * statements the main thread sends, one request at a time. A lost connection (PostgreSQL
 * restarted, network cut) fails the request in flight; the next request connects again.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import type { BridgeRequest, BridgeResponse, BridgeSetup } from './bridge-protocol.js';

// COUNT(*) and BIGINT columns come back as numbers: every value the store keeps fits.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

const setup = workerData as BridgeSetup;
const port: MessagePort = setup.port;
const signal = new Int32Array(setup.signal);
let client: pg.Client | undefined;
// The connection a transaction was begun on. If it breaks, PostgreSQL rolls the transaction
// back; the statements that follow must fail (not run on a new connection, outside any
// transaction) until the store sends its ROLLBACK.
let transactionOn: pg.Client | undefined;
let transactionLost = false;

function forget(lost: pg.Client): void {
  if (client === lost) client = undefined;
  if (transactionOn === lost) {
    transactionOn = undefined;
    transactionLost = true;
  }
}

async function connected(): Promise<pg.Client> {
  if (client) return client;
  const fresh = new pg.Client({
    connectionString: setup.url,
    connectionTimeoutMillis: setup.connectTimeoutMs,
    statement_timeout: setup.statementTimeoutMs,
    idle_in_transaction_session_timeout: setup.idleInTransactionTimeoutMs,
    lock_timeout: setup.lockTimeoutMs,
    application_name: setup.applicationName,
  });
  // After an error the client is useless; forget it so the next request connects again.
  fresh.on('error', () => {
    forget(fresh);
  });
  fresh.on('end', () => {
    forget(fresh);
  });
  try {
    await fresh.connect();
  } catch (error) {
    await fresh.end().catch(() => undefined);
    throw error;
  }
  client = fresh;
  return fresh;
}

async function answer(request: BridgeRequest): Promise<BridgeResponse> {
  try {
    if (request.kind === 'close') {
      await client?.end().catch(() => undefined);
      client = undefined;
      return { ok: true, results: [] };
    }
    const results = [];
    for (const statement of request.statements) {
      if (transactionLost) {
        if (statement.text !== 'ROLLBACK') {
          throw new Error(
            'The connection to PostgreSQL broke inside a transaction; PostgreSQL rolled it back',
          );
        }
        transactionLost = false;
        results.push({ rows: [], rowCount: 0 });
        continue;
      }
      const db = await connected();
      const result = await db.query(statement.text, statement.params).catch((error: unknown) => {
        // Not the server's answer: the connection failed, not the statement. Start afresh.
        if (!(error instanceof pg.DatabaseError)) {
          forget(db);
          void db.end().catch(() => undefined);
        }
        throw error;
      });
      if (statement.text === 'BEGIN') transactionOn = db;
      else if (statement.text === 'COMMIT' || statement.text === 'ROLLBACK') {
        transactionOn = undefined;
      }
      results.push({
        rows: result.rows as Record<string, unknown>[],
        rowCount: result.rowCount ?? 0,
      });
    }
    return { ok: true, results };
  } catch (error) {
    const failure = error as Error & { code?: string };
    return {
      ok: false,
      error: { message: failure.message, ...(failure.code ? { code: failure.code } : {}) },
    };
  }
}

port.on('message', (request: BridgeRequest) => {
  void answer(request).then((response) => {
    port.postMessage(response);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});
