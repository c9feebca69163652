import { sendBatch } from './batch-request.js';
import { planBatches } from './batch-plan.js';
import { BatchSupport } from './batch-support.js';
import type { BulkRoute } from './bulk-route.js';
import { WordPressError, WordPressNotFoundError } from './errors.js';
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
  /** The companion plugin's bulk route, tried before `/batch/v1`. */
  bulk?: BulkRoute;
}

/** `/batch/v1`'s default limit, assumed until the site says otherwise. */
const CORE_BATCH_SIZE = 25;

/**
 * What `WordPressClient.writeMany` does: the companion plugin's bulk route for users and tracked
 * post types where it is available, `/batch/v1` chunks where the route permits batching (wpapi
 * has no batch support, so this is ours), single requests elsewhere, and one result per
 * operation in input order.
 */
export class BatchingWriter {
  private readonly http: WordPressHttp;
  private readonly prepare: (operation: WriteOperation) => Promise<PreparedRequest>;
  private readonly concurrency: number;
  private readonly batch: BatchSupport;
  private readonly bulk: BulkRoute | undefined;
  private coreBatchSize: number | undefined;

  constructor(options: BatchingWriterOptions) {
    this.http = options.http;
    this.prepare = options.prepare;
    this.concurrency = options.concurrency;
    this.batch = new BatchSupport(options.http);
    this.bulk = options.bulk;
  }

  /** How many writes one request can carry, as far as is known without asking WordPress. */
  preferredBatchSize(): number {
    return this.bulk?.lastKnown?.maxItems ?? this.coreBatchSize ?? CORE_BATCH_SIZE;
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
    let pending = requests.flatMap((request, index) => (request ? [index] : []));
    try {
      pending = await this.writeInBulk(operations, requests, pending, results);
      await this.writeThroughCore(operations, requests, pending, results);
    } catch (error) {
      // Asking WordPress how it takes writes failed (it is unreachable, say): every write left
      // fails with that reason, as results, so each record's retry policy decides what happens.
      const failure: WriteResult = { ok: false, error: asWordPressError(error) };
      return results.map((result) => result ?? failure);
    }
    return results.map((result) => result ?? unreachable());
  }

  /** Sends what the bulk route takes; returns the indexes left for `/batch/v1` or singles. */
  private async writeInBulk(
    operations: readonly WriteOperation[],
    requests: readonly (PreparedRequest | undefined)[],
    indexes: number[],
    results: (WriteResult | undefined)[],
  ): Promise<number[]> {
    const capacity = this.bulk ? await this.bulk.capacity() : undefined;
    if (!this.bulk || !capacity) return indexes;
    const bulkable = indexes.filter((index) =>
      capacity.types.has((operations[index] as WriteOperation).type),
    );
    const left = indexes.filter((index) => !bulkable.includes(index));
    for (let start = 0; start < bulkable.length; start += capacity.maxItems) {
      const chunk = bulkable.slice(start, start + capacity.maxItems);
      let outcomes;
      try {
        outcomes = await sendBatch(
          this.http,
          chunk.map((index) => requests[index] as PreparedRequest),
          'bulk',
        );
      } catch (error) {
        if (!this.routeIsGone(error)) {
          const failure: WriteResult = { ok: false, error: asWordPressError(error) };
          for (const index of chunk) results[index] = failure;
          continue;
        }
        // The plugin was deactivated or downgraded meanwhile: everything left goes another way.
        return [...left, ...bulkable.slice(start)];
      }
      chunk.forEach((index, position) => {
        const outcome = outcomes[position];
        if (outcome === 'elsewhere') left.push(index);
        else results[index] = outcome;
      });
      // A type the plugin no longer tracks: its settings changed, so ask it again next time.
      if (outcomes.includes('elsewhere')) this.bulk.forget();
    }
    return left.sort((a, b) => a - b);
  }

  /** Whether a failed bulk request means the route cannot be used (and was given up on). */
  private routeIsGone(error: unknown): boolean {
    const bulk = this.bulk;
    if (!bulk || !(error instanceof WordPressError)) return false;
    if (error instanceof WordPressNotFoundError || error.status === 413) {
      bulk.forget();
      return true;
    }
    if (error.code === 'sfwp_bulk_unsigned') {
      bulk.suspend(
        'The companion plugin refused the bulk write route because the request was not signed ' +
          'with its shared secret: make wordpress.sharedSecret match the secret in the plugin ' +
          '(Settings → sfwp). Writes go through /batch/v1 or one request each until then.',
      );
      return true;
    }
    return false;
  }

  private async writeThroughCore(
    operations: readonly WriteOperation[],
    requests: readonly (PreparedRequest | undefined)[],
    indexes: readonly number[],
    results: (WriteResult | undefined)[],
  ): Promise<void> {
    if (indexes.length === 0) return;
    const maxItems = await this.batch.maxItems();
    if (maxItems !== undefined) this.coreBatchSize = maxItems;
    const batchable = await Promise.all(
      indexes.map((index) => {
        const request = requests[index] as PreparedRequest;
        return maxItems === undefined
          ? Promise.resolve(false)
          : this.batch.allows(batchRoute(this.http.routeOf(request.url)), request.method);
      }),
    );
    const plan = planBatches(batchable, maxItems);

    const retryAlone: number[] = [];
    for (const chunk of plan.batches) {
      const chunkIndexes = chunk.map((position) => indexes[position] as number);
      const outcomes = await sendBatch(
        this.http,
        chunkIndexes.map((index) => requests[index] as PreparedRequest),
      );
      chunkIndexes.forEach((index, position) => {
        const outcome = outcomes[position];
        if (outcome === 'elsewhere') retryAlone.push(index);
        else results[index] = outcome;
      });
    }
    if (retryAlone.length > 0) this.batch.clear();

    const singles = [...plan.singles.map((position) => indexes[position] as number), ...retryAlone];
    await runWithConcurrency(singles, this.concurrency, async (index) => {
      const request = requests[index] as PreparedRequest;
      const operation = operations[index] as WriteOperation;
      results[index] = await this.sendSingle(request, operation);
    });
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
