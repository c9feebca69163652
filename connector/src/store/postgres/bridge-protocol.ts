import type { MessagePort } from 'node:worker_threads';

/** What the main thread hands the PostgreSQL worker when it starts it. */
export interface BridgeSetup {
  url: string;
  port: MessagePort;
  /** One Int32: the worker sets it to 1 and notifies once a response is posted. */
  signal: SharedArrayBuffer;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  lockTimeoutMs: number;
  applicationName: string;
}

export interface Statement {
  text: string;
  params?: unknown[];
}

/** Statements run in order on the worker's one connection; the first failure stops the rest. */
export type BridgeRequest = { kind: 'query'; statements: Statement[] } | { kind: 'close' };

export interface StatementResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

export type BridgeResponse =
  | { ok: true; results: StatementResult[] }
  | { ok: false; error: { message: string; code?: string } };
