import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/index.js';
import { auditFields } from '../../src/salesforce/audit-queries.js';
import { fieldsToRead } from '../../src/salesforce/record-queries.js';
import { topicsProblem, type TopicsEnabled } from '../../src/salesforce/topic-settings.js';

function mapping(object: string, topics = true): ObjectMapping {
  return {
    name: `${object}_Tags`,
    salesforceObject: object,
    wordpressType: 'user',
    direction: 'Bidirectional',
    active: true,
    externalIdField: 'WP_Id__c',
    conflictPolicy: 'SalesforceWins',
    deletePolicy: 'Ignore',
    fields: [
      {
        name: `${object}_Topics`,
        salesforceField: topics ? 'Topics' : 'WP_Member_Level__c',
        wordpressField: 'meta.sfwp_tags',
        direction: 'Bidirectional',
        transform: 'None',
        required: false,
        set: {
          source: topics ? 'Topics' : 'MultiSelectPicklist',
          allowedRoles: [],
          allowPrivilegedRoles: false,
        },
      },
    ],
  };
}

/** A connection whose Metadata API answers TopicsForObjects from `enabled`, counting reads. */
function fakeConnection(enabled: Record<string, boolean | Error>) {
  const reads: string[][] = [];
  const connection = {
    metadata: {
      read: (type: string, names: string[]) => {
        reads.push([type, ...names]);
        const name = names[0] ?? '';
        const answer = enabled[name];
        if (answer instanceof Error) return Promise.reject(answer);
        // SOAP answers booleans as text; jsforce hands them over as such.
        return Promise.resolve({
          fullName: name,
          entityApiName: name,
          enableTopics: String(answer),
        });
      },
    },
  } as unknown as Connection;
  return { connection, reads };
}

describe('topicsProblem', () => {
  it('accepts a Topics set on an object with topics enabled, asking once per object', async () => {
    const { connection, reads } = fakeConnection({ Contact: true });
    const asked: TopicsEnabled = new Map();
    expect(await topicsProblem(connection, mapping('Contact'), asked)).toBeUndefined();
    expect(await topicsProblem(connection, mapping('Contact'), asked)).toBeUndefined();
    expect(reads).toEqual([['TopicsForObjects', 'Contact']]);
  });

  it('refuses a Topics set on an object without topics, saying where to enable them', async () => {
    const { connection } = fakeConnection({ Invoice__c: false });
    expect(await topicsProblem(connection, mapping('Invoice__c'), new Map())).toBe(
      'field Invoice__c_Topics: topics are not enabled for Invoice__c; enable them in Setup → Topics for Objects, or map a multi-select picklist instead',
    );
  });

  it('refuses when the Metadata API cannot say, with its reason', async () => {
    const { connection } = fakeConnection({ Contact: new Error('SERVER_UNAVAILABLE') });
    expect(await topicsProblem(connection, mapping('Contact'), new Map())).toContain(
      'cannot read whether topics are enabled for Contact (TopicsForObjects): SERVER_UNAVAILABLE',
    );
  });

  it('loads unchecked when the integration user may not read the setting', async () => {
    const { connection } = fakeConnection({ Contact: new Error('INSUFFICIENT_ACCESS') });
    expect(await topicsProblem(connection, mapping('Contact'), new Map())).toBeUndefined();
  });

  it('asks nothing for a mapping without a Topics set', async () => {
    const { connection, reads } = fakeConnection({});
    expect(await topicsProblem(connection, mapping('Contact', false), new Map())).toBeUndefined();
    expect(reads).toEqual([]);
  });
});

describe('queries of a mapping with a Topics set', () => {
  it('select no Topics column: the topics are TopicAssignments, read on their own', () => {
    expect(fieldsToRead(mapping('Contact'))).toEqual(['Id', 'WP_Id__c']);
    expect(auditFields(mapping('Contact'))).not.toContain('Topics');
    expect(fieldsToRead(mapping('Contact', false))).toContain('WP_Member_Level__c');
  });
});
