import { describe, expect, it } from 'vitest';
import { WriteBatcher } from '../../src/engine/write-batcher.js';
import type { WriteOperation, WriteResult } from '../../src/wordpress/types.js';

/** Records each writeMany call and answers with ids derived from the operations. */
function recordingClient(): {
  calls: WriteOperation[][];
  writeMany: (operations: readonly WriteOperation[]) => Promise<WriteResult[]>;
} {
  const calls: WriteOperation[][] = [];
  return {
    calls,
    writeMany: (operations) => {
      calls.push([...operations]);
      return Promise.resolve(
        operations.map((operation, index) => ({
          ok: true,
          status: 201,
          id: 'id' in operation ? operation.id : 1000 + index,
          object: undefined,
        })),
      );
    },
  };
}

const create = (title: string): WriteOperation => ({
  kind: 'create',
  type: 'post',
  fields: { title },
});

describe('WriteBatcher', () => {
  it('fills batches up to the limit and gives each caller its own result', async () => {
    const client = recordingClient();
    const batcher = new WriteBatcher(client, { maxBatch: 25, maxWaitMs: 1000 });
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, index) => batcher.submit(create(`p${index}`))),
    );
    await batcher.flush();
    expect(client.calls.map((call) => call.length)).toEqual([25, 25, 10]);
    expect(results.map((result) => (result.ok ? result.id : -1)).slice(0, 3)).toEqual([
      1000, 1001, 1002,
    ]);
  });

  it('sends a lone write after the wait instead of holding it', async () => {
    const client = recordingClient();
    const batcher = new WriteBatcher(client, { maxBatch: 25, maxWaitMs: 5 });
    const result = await batcher.submit({
      kind: 'update',
      type: 'post',
      id: 7,
      fields: { title: 'x' },
    });
    expect(result).toMatchObject({ ok: true, id: 7 });
    expect(client.calls).toHaveLength(1);
  });

  it('rejects every waiting write when the whole call throws', async () => {
    const batcher = new WriteBatcher(
      { writeMany: () => Promise.reject(new Error('client bug')) },
      { maxWaitMs: 1 },
    );
    await expect(
      Promise.all([batcher.submit(create('a')), batcher.submit(create('b'))]),
    ).rejects.toThrow('client bug');
  });

  it('sizes batches by what the client carries in one request (200 over the bulk route)', async () => {
    const client = { ...recordingClient(), preferredBatchSize: () => 200 };
    // 450 records are being applied; each is done once its write is answered.
    let done = 0;
    const batcher = new WriteBatcher(client, { maxWaitMs: 60_000, busy: () => 450 - done });
    await Promise.all(
      Array.from({ length: 450 }, (_, index) =>
        batcher.submit(create(`p${index}`)).then(() => done++),
      ),
    );
    expect(client.calls.map((call) => call.length)).toEqual([200, 200, 50]);
  });

  it('sends a lone write without a timer when no other record is being applied', async () => {
    const client = recordingClient();
    // A wait of a minute would time the test out: the write must not wait for it.
    const batcher = new WriteBatcher(client, { maxWaitMs: 60_000, busy: () => 1 });
    const result = await batcher.submit(create('alone'));
    expect(result).toMatchObject({ ok: true });
    expect(client.calls).toHaveLength(1);
  });

  it('sends writes submitted in the same turn together, without a busy count', async () => {
    const client = recordingClient();
    const batcher = new WriteBatcher(client, { maxWaitMs: 60_000 });
    await Promise.all([batcher.submit(create('a')), batcher.submit(create('b'))]);
    expect(client.calls.map((call) => call.length)).toEqual([2]);
  });

  it('waits for records still being applied, and sends once the last one submits', async () => {
    const client = recordingClient();
    const batcher = new WriteBatcher(client, { maxWaitMs: 60_000, busy: () => 3 });
    const first = batcher.submit(create('a'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.calls).toHaveLength(0);
    const second = batcher.submit(create('b'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.calls).toHaveLength(0);
    await Promise.all([first, second, batcher.submit(create('c'))]);
    expect(client.calls.map((call) => call.length)).toEqual([3]);
  });

  it('gives up waiting after maxWaitMs when the other records never submit', async () => {
    const client = recordingClient();
    const batcher = new WriteBatcher(client, { maxWaitMs: 30, busy: () => 5 });
    const started = Date.now();
    await batcher.submit(create('a'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(client.calls).toHaveLength(1);
  });

  it('does not wait for records whose writes are already being sent', async () => {
    let answer: (() => void) | undefined;
    const calls: number[] = [];
    const client = {
      writeMany: (operations: readonly WriteOperation[]) => {
        calls.push(operations.length);
        return new Promise<WriteResult[]>((resolve) => {
          const results = operations.map((): WriteResult => ({
            ok: true,
            status: 201,
            id: 1,
            object: undefined,
          }));
          if (calls.length === 1)
            answer = () => {
              resolve(results);
            };
          else resolve(results);
        });
      },
    };
    // Two records: the first one's write is sent (and not answered yet) when the second submits.
    const batcher = new WriteBatcher(client, { maxWaitMs: 60_000, busy: () => 2 });
    const first = batcher.submit(create('a'));
    void batcher.flush();
    expect(calls).toEqual([1]);
    // Nothing else can join the second write: it goes at once, not after a minute.
    await batcher.submit(create('b'));
    expect(calls).toEqual([1, 1]);
    answer?.();
    await first;
  });

  it('gathers the writes submitted while its requests are in flight into the next one', async () => {
    const answers: (() => void)[] = [];
    const calls: number[] = [];
    const client = {
      writeMany: (operations: readonly WriteOperation[]) => {
        calls.push(operations.length);
        return new Promise<WriteResult[]>((resolve) => {
          answers.push(() => {
            resolve(
              operations.map((): WriteResult => ({
                ok: true,
                status: 201,
                id: 1,
                object: undefined,
              })),
            );
          });
        });
      },
    };
    const batcher = new WriteBatcher(client, { concurrentRequests: 1 });
    const first = batcher.submit(create('first'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([1]);
    const later = Array.from({ length: 30 }, (_, index) => batcher.submit(create(`l${index}`)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // One request at a time: the 30 wait for the first to be answered, then go together.
    expect(calls).toEqual([1]);
    answers[0]?.();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual([1, 25]);
    answers[1]?.();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual([1, 25, 5]);
    answers[2]?.();
    await Promise.all(later);
  });
});
