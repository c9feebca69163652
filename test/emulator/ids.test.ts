import { describe, expect, it } from 'vitest';
import { IdGenerator, normaliseId, toId18 } from './ids.js';

describe('record ids', () => {
  it('adds the case-safe suffix', () => {
    expect(toId18('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
    expect(toId18('003000000000001')).toBe('003000000000001AAA');
  });

  it('normalises 15- and 18-character ids, restoring case from the suffix', () => {
    expect(normaliseId('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
    expect(normaliseId('001d000000iqhslIAZ')).toBe('001D000000IqhSLIAZ');
    expect(normaliseId('001D000000IqhSLIAZ')).toBe('001D000000IqhSLIAZ');
    // The suffix decides the case: AAA makes every letter lower case, a different record.
    expect(normaliseId('001D000000IqhSLAAA')).toBe('001d000000iqhslAAA');
    expect(normaliseId('001D000000IqhSL9AZ')).toBeUndefined();
    expect(normaliseId('001D000000IqhS')).toBeUndefined();
    expect(normaliseId('001D000000IqhSL-AZ')).toBeUndefined();
  });

  it('hands out distinct ids with the key prefix', () => {
    const ids = new IdGenerator();
    const first = ids.next('003');
    const second = ids.next('003');
    expect(first).toMatch(/^003\w{15}$/);
    expect(second).not.toBe(first);
    expect(normaliseId(first)).toBe(first);
  });
});
