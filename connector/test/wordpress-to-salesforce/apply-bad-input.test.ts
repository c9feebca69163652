import { describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import { applyToSalesforce } from '../../src/wordpress-to-salesforce/apply.js';
import { quietSalesforce, quietWordPress } from '../support/quiet-gateways.js';
import { badInputMapping as mapping, userWith as user } from '../support/apply-mappings.js';

/** The bad input catalogue's connector fixes (test/reliability/bad-input), without I/O. */

describe('applyToSalesforce with an ambiguous match', () => {
  it('dead-letters DUPLICATE_MATCH instead of linking one of several records', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    const upserted: unknown[] = [];
    const outcomes = await applyToSalesforce(
      mapping,
      [{ id: 5, operation: 'create' }],
      {
        store,
        wordpress: quietWordPress(),
        salesforce: quietSalesforce({
          findByValueOrId: () =>
            Promise.resolve([
              { Id: '003000000000001AAA', Email: 'twin@example.test' },
              { Id: '003000000000002AAA', Email: 'TWIN@example.test' },
            ]),
          upsert: (_object, _field, records) => {
            upserted.push(...records);
            return Promise.resolve([]);
          },
        }),
      },
      { objects: new Map([[5, user(5, { last_name: 'Twin', email: 'twin@example.test' })]]) },
    );
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      status: 'Failed',
      code: 'DUPLICATE_MATCH',
      wordpressId: 5,
    });
    expect(outcomes[0]?.message).toContain('003000000000001AAA');
    expect(outcomes[0]?.message).toContain('003000000000002AAA');
    expect(upserted).toEqual([]);
    expect(store.findByWordPressId('Contact_User', 5)).toBeUndefined();
  });
});
