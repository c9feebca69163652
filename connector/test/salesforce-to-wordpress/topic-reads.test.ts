import { describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/salesforce-to-wordpress/event.js';
import { withRecordTopics } from '../../src/salesforce-to-wordpress/topic-reads.js';
import { contactToUser, contactToUserWithTopics as topicsMapping } from '../mapping/fixtures.js';

function event(recordId: string, changedFields: string[] = ['LastName']): SyncEvent {
  return {
    mapping: 'Contact_User',
    object: 'Contact',
    recordId,
    operation: 'UPDATE',
    changedFields,
    payload: { LastName: 'X' },
    wordpressId: undefined,
    modstamp: undefined,
  };
}

describe('withRecordTopics', () => {
  it('reads the topics of records applied together in one query, and counts them as changed', async () => {
    const asked: string[][] = [];
    const reader = {
      topicsOf: (ids: readonly string[]) => {
        asked.push([...ids]);
        return Promise.resolve(new Map(ids.map((id) => [id, id.endsWith('1AAA') ? ['Gold'] : []])));
      },
    };
    const [first, second] = await Promise.all([
      withRecordTopics(topicsMapping, event('003000000000001AAA'), reader),
      withRecordTopics(topicsMapping, event('003000000000002AAA'), reader),
    ]);
    expect(asked).toEqual([['003000000000001AAA', '003000000000002AAA']]);
    expect(first).toMatchObject({
      event: {
        payload: { LastName: 'X', Topics: ['Gold'] },
        changedFields: ['LastName', 'Topics'],
      },
    });
    expect(second).toMatchObject({ event: { payload: { Topics: [] } } });
  });

  it('fails the record, clearly, without a topic reader', async () => {
    const result = await withRecordTopics(topicsMapping, event('003000000000001AAA'), undefined);
    expect(result).toMatchObject({
      outcome: { status: 'Failed', code: 'sfwp_topics_unavailable', kind: 'permanent' },
    });
  });

  it('leaves events of mappings without Topics alone', async () => {
    const plain = event('003000000000001AAA');
    expect(await withRecordTopics(contactToUser, plain, undefined)).toEqual({ event: plain });
  });
});
