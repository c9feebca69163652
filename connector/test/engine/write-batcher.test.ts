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
});
