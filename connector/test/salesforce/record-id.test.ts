import { describe, expect, it } from 'vitest';
import { isSalesforceId } from '../../src/salesforce/record-id.js';

describe('isSalesforceId', () => {
  it('takes 15- and 18-character ids', () => {
    expect(isSalesforceId('003000000000001')).toBe(true);
    expect(isSalesforceId('003000000000001AAA')).toBe(true);
    expect(isSalesforceId('0035g00000AbCdEfGH')).toBe(true);
  });

  it('refuses every other length and anything that is not a letter or a digit', () => {
    for (const value of [
      '',
      '00300000000001',
      '0030000000000012',
      '00300000000000123',
      '003000000000001AAAA',
      "003000000000001'AA",
      '003000000000001 AA',
      '003000000000001AA\n',
    ])
      expect(isSalesforceId(value)).toBe(false);
  });
});
