import { describe, expect, it } from 'vitest';
import type { RecordResult } from '../../src/salesforce/record-gateway.js';
import type { TopicChange } from '../../src/salesforce/topic-gateway.js';
import type { Plan } from '../../src/wordpress-to-salesforce/plan.js';
import { withoutTopics, writeTopics } from '../../src/wordpress-to-salesforce/topics.js';
import { contactToUserWithTopics as topicsMapping } from '../mapping/fixtures.js';

function plan(values: Record<string, unknown>, held: string[] | undefined, linked?: string): Plan {
  return {
    item: { id: 1, operation: 'update' },
    object: {} as Plan['object'],
    link: linked
      ? {
          mapping: 'Contact_User',
          salesforceId: linked,
          wordpressId: 1,
          salesforceHasWordPressId: true,
        }
      : undefined,
    updateId: undefined,
    values,
    wordpressValues: values,
    toWordPress: new Set(),
    salesforceRow: held ? { Id: linked, Topics: held } : undefined,
    conflicts: [],
  } as Plan;
}

const saved = (id: string): RecordResult => ({ id, success: true, created: false, errors: [] });

describe('Topics in WordPress → Salesforce writes', () => {
  it('leaves Topics out of the record Collections write', () => {
    expect(withoutTopics(topicsMapping, { Email: 'a@example.test', Topics: ['Gold'] })).toEqual({
      Email: 'a@example.test',
    });
  });

  it('sends the added and removed topics of every written record in one change', async () => {
    const changed: TopicChange[][] = [];
    const linked = plan(
      { Topics: ['Gold', 'Mentor'] },
      ['Gold', 'Volunteer'],
      '003000000000001AAA',
    );
    const created = plan({ Topics: ['Gold'] }, undefined);
    const same = plan({ Topics: ['Gold'] }, ['Gold'], '003000000000003AAA');
    const results = new Map<Plan, RecordResult>([
      [linked, saved('003000000000001AAA')],
      [created, { ...saved('003000000000002AAA'), created: true }],
      [same, saved('003000000000003AAA')],
    ]);
    await writeTopics(topicsMapping, [linked, created, same], results, {
      topics: {
        topicsOf: () => Promise.resolve(new Map()),
        change: (changes) => {
          changed.push([...changes]);
          return Promise.resolve(
            new Map([['003000000000002AAA', { code: 'LIMIT_EXCEEDED', message: 'too many' }]]),
          );
        },
      },
    });
    expect(changed).toEqual([
      [
        { recordId: '003000000000001AAA', add: ['Mentor'], remove: ['Volunteer'] },
        { recordId: '003000000000002AAA', add: ['Gold'], remove: [] },
      ],
    ]);
    expect(results.get(created)).toMatchObject({
      success: false,
      errors: [{ statusCode: 'LIMIT_EXCEEDED', message: 'too many', fields: ['Topics'] }],
    });
    expect(results.get(linked)?.success).toBe(true);
  });
});
