import { describe, expect, it } from 'vitest';
import type { CompanionPlugin } from '../../src/wordpress/index.js';
import { JointAcknowledgement } from '../../src/wordpress/joint-acknowledgement.js';

/** A plugin (one per org's WordPress client) that keeps what it was told. */
function plugin(told: number[]): CompanionPlugin {
  return {
    changes: (after) =>
      Promise.resolve({ changes: [], nextCursor: after, hasMore: false, latestCursor: 9 }),
    acknowledge: (cursor) => {
      told.push(cursor);
      return Promise.resolve();
    },
    status: () => Promise.reject(new Error('not used')),
    configure: () => Promise.resolve(),
  };
}

describe('JointAcknowledgement', () => {
  it('tells the plugin only the lowest cursor every org’s reader has reached', async () => {
    const told: number[] = [];
    const joint = new JointAcknowledgement(['sales', 'service']);
    const sales = joint.for('sales', plugin(told));
    const service = joint.for('service', plugin(told));

    await sales.acknowledge(40);
    expect(told).toEqual([]);
    await service.acknowledge(25);
    expect(told).toEqual([25]);
    await sales.acknowledge(90);
    expect(told).toEqual([25]);
    await service.acknowledge(60);
    expect(told).toEqual([25, 60]);
    await service.acknowledge(50);
    expect(told).toEqual([25, 60]);
    expect(joint.cursor).toBe(60);
  });

  it('passes reads through to the org’s own plugin client', async () => {
    const joint = new JointAcknowledgement(['sales']);
    const page = await joint.for('sales', plugin([])).changes(3, 10);
    expect(page).toEqual({ changes: [], nextCursor: 3, hasMore: false, latestCursor: 9 });
  });

  it('refuses a reader it was not told of', () => {
    expect(() => new JointAcknowledgement(['sales']).for('service', plugin([]))).toThrow(
      /'service' is not one of this feed's readers/,
    );
  });
});
