import { describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import {
  applyToWordPress,
  type ApplyDependencies,
} from '../../src/salesforce-to-wordpress/apply.js';
import type { SyncEvent } from '../../src/salesforce-to-wordpress/event.js';
import type { ObjectMapping } from '../../src/mapping/types.js';
import type { WriteOperation, WriteResult } from '../../src/wordpress/types.js';
import { RECORD } from '../support/apply-mappings.js';

/** A segments mapping beside the Contact ⇄ user one: levels only, no email. */
const levels: ObjectMapping = {
  name: 'Member_Level',
  salesforceObject: 'Contact',
  wordpressType: 'user',
  direction: 'Bidirectional',
  active: true,
  externalIdField: 'WP_Id__c',
  matchField: 'Email',
  wordpressMatchField: 'email',
  conflictPolicy: 'NewestWins',
  deletePolicy: 'Ignore',
  fields: [
    {
      name: 'Member_Level_Tags',
      salesforceField: 'WP_Member_Level__c',
      wordpressField: 'meta.sfwp_tags',
      direction: 'Bidirectional',
      transform: '',
      required: false,
      set: { source: 'MultiSelectPicklist', allowedRoles: [], allowPrivilegedRoles: false },
    },
  ],
};

const created: SyncEvent = {
  mapping: levels.name,
  object: 'Contact',
  recordId: RECORD,
  operation: 'CREATE',
  changedFields: ['WP_Member_Level__c'],
  payload: { WP_Member_Level__c: 'Gold' },
  wordpressId: undefined,
  modstamp: new Date('2026-01-01T10:00:00Z'),
};

describe('a user mapping that maps no email', () => {
  it('skips a record it is not linked to, with the reason, instead of a create WordPress refuses', async () => {
    const writes: WriteOperation[] = [];
    const deps: ApplyDependencies = {
      store: new SqliteStateStore({ path: ':memory:' }),
      mapping: (name) => (name === levels.name ? levels : undefined),
      wordpress: { list: () => Promise.resolve({ items: [], total: 0, totalPages: 1 }) },
      reader: { get: () => Promise.reject(new Error('no user')) },
      writer: {
        submit: (operation): Promise<WriteResult> => {
          writes.push(operation);
          return Promise.reject(new Error('no write expected'));
        },
      },
    };
    const outcome = await applyToWordPress(created, deps);
    expect(outcome).toMatchObject({ status: 'Skipped', wordpressId: undefined });
    expect(outcome.message).toContain('Member_Level maps no email, so it cannot create');
    expect(writes).toEqual([]);
  });
});
