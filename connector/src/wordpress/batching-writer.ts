import { sendBatch } from './batch-request.js';
import { planBatches } from './batch-plan.js';
import { BatchSupport } from './batch-support.js';
import type { WordPressHttp } from './http.js';
import { asWordPressError, successFrom } from './response-bodies.js';
import type { WriteOperation, WriteResult } from './types.js';
import type { PreparedRequest } from './write-requests.js';

export interface BatchingWriterOptions {
  http: WordPressHttp;
  /** Builds a write's request; a rejection becomes that write's failed result. */
  prepare: (operation: WriteOperation) => Promise<PreparedRequest>;
  /** Single requests in flight at once when batching is not possible. */
  concurrency: number;
}

/**
 * What `WordPressClient.writeMany` does: `/batch/v1` chunks where the route permits
 * batching (wpapi has no batch support, so this is ours), single requests elsewhere, and one
 * result per operation in input order.
 */
export class BatchingWriter {
  private readonly http: WordPressHttp;
  private readonly prepare: (operation: WriteOperation) => Promise<PreparedRequest>;
  private readonly concurrency: number;
  private readonly batch: BatchSupport;

  constructor(options: BatchingWriterOptions) {
    this.http = options.http;
    this.prepare = options.prepare;
    this.concurrency = options.concurrency;
    this.batch = new BatchSupport(options.http);
  }

  async writeMany(operations: readonly WriteOperation[]): Promise<WriteResult[]> {
    const results = new Array<WriteResult | undefined>(operations.length);
    const prepared = await Promise.all(
      operations.map((operation) => this.prepare(operation).catch((error: unknown) => error)),
    );
    const requests: (PreparedRequest | undefined)[] = prepared.map((item, index) => {
      if (item instanceof Error) {
        results[index] = { ok: false, error: asWordPressError(item) };
        return undefined;
      }
      return item as PreparedRequest;
    });

    let maxItems: number | undefined;
    let batchable: boolean[];
    try {
      maxItems = await this.batch.maxItems();
      const limit = maxItems;
      batchable = await Promise.all(
        requests.map((request) =>
          request && limit !== undefined
            ? this.batch.allows(batchRoute(this.http.routeOf(request.url)), request.method)
            : Promise.resolve(false),
        ),
      );
    } catch (error) {
      // Asking WordPress which routes batch failed (it is unreachable, say): every write fails
      // with that reason, as results, so each record's retry policy decides what happens.
      const failure: WriteResult = { ok: false, error: asWordPressError(error) };
      return results.map((result) => result ?? failure);
    }
    const plan = planBatches(
      batchable.map((canBatch, index) => canBatch && requests[index] !== undefined),
      maxItems,
    );

    const retryAlone: number[] = [];
    for (const chunk of plan.batches) {
      const chunkRequests = chunk.map((index) => requests[index] as PreparedRequest);
      const outcomes = await sendBatch(this.http, chunkRequests);
      chunk.forEach((operationIndex, position) => {
        const outcome = outcomes[position];
        if (outcome === 'not-batchable') retryAlone.push(operationIndex);
        else results[operationIndex] = outcome;
      });
    }
    if (retryAlone.length > 0) this.batch.clear();

    const singles = [
      ...plan.singles.filter((index) => requests[index] !== undefined),
      ...retryAlone,
    ];
    await runWithConcurrency(singles, this.concurrency, async (index) => {
      const request = requests[index] as PreparedRequest;
      const operation = operations[index] as WriteOperation;
      results[index] = await this.sendSingle(request, operation);
    });
    return results.map((result) => result ?? unreachable());
  }

  private async sendSingle(
    request: PreparedRequest,
    operation: WriteOperation,
  ): Promise<WriteResult> {
    try {
      const response = await this.http.request(request.method, request.url, {
        body: request.body,
        purpose: 'write',
        ...(request.headers ? { headers: request.headers } : {}),
      });
      return successFrom(
        response.status,
        response.body,
        'id' in operation ? operation.id : undefined,
      );
    } catch (error) {
      return { ok: false, error: asWordPressError(error) };
    }
  }
}

/** OPTIONS is asked per route pattern: every item route of a type shares one answer. */
function batchRoute(route: string): string {
  return route.replace(/\/\d+$/, '/0');
}

async function runWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

function unreachable(): never {
  throw new Error('writeMany left an operation without a result');
}
