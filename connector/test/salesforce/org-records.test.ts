import { describe, expect, it } from 'vitest';
import { targetRecordQueries } from '../../src/salesforce/org-records.js';

const id = (n: number) => `001B${String(n).padStart(11, '0')}AAA`;

describe('targetRecordQueries', () => {
  it('reads by Id and by source id in one statement, with the times the conflict rule needs', () => {
    expect(targetRecordQueries('Account', [id(1)], [id(2)], ['Name'])).toEqual([
      `SELECT Id, WP_Source_Record_Id__c, LastModifiedDate, LastModifiedById, Name FROM Account WHERE Id IN ('${id(1)}') OR WP_Source_Record_Id__c IN ('${id(2)}')`,
    ]);
    expect(targetRecordQueries('Account', [], [], ['Name'])).toEqual([]);
  });

  it('splits 1,000 ids into statements short enough for a URL, at most five (one Composite call)', () => {
    const ids = Array.from({ length: 1_000 }, (_, n) => id(n));
    const statements = targetRecordQueries('Account', [], ids, ['Name', 'Phone']);
    expect(statements.length).toBeGreaterThan(1);
    expect(statements.length).toBeLessThanOrEqual(5);
    for (const soql of statements)
      expect(encodeURIComponent(soql).length).toBeLessThanOrEqual(12_000);
    expect(statements.join(' ').match(/'001B/g)).toHaveLength(1_000);
  });

  it('refuses names that are not API names', () => {
    expect(() =>
      targetRecordQueries('Account', [id(1)], [], ["Name) FROM User WHERE ('x"]),
    ).toThrow(/Not a Salesforce API name/);
  });
});
