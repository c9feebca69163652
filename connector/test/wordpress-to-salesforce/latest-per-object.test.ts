import { describe, expect, it } from 'vitest';
import { latestPerObject } from '../../src/wordpress-to-salesforce/intake.js';
import type { WordPressChange } from '../../src/wordpress/index.js';

let cursor = 0;
function change(
  id: number,
  operation: WordPressChange['operation'],
  origin: WordPressChange['origin'] = 'wordpress',
): WordPressChange {
  cursor++;
  return { cursor, type: 'user', id, operation, origin, time: '2026-11-22T10:00:00.000000Z' };
}

describe('latestPerObject', () => {
  it('keeps one change per object, skips the connector own, and keeps a create a create', () => {
    const latest = latestPerObject([
      change(1, 'create'),
      change(1, 'update'),
      change(2, 'update', 'connector'),
      change(3, 'update'),
      change(3, 'delete'),
      change(4, 'delete'),
      change(4, 'create'),
    ]);
    expect([...latest.values()].map((c) => [c.id, c.operation])).toEqual([
      [1, 'create'],
      [3, 'delete'],
      [4, 'create'],
    ]);
  });
});

describe('latestPerObject and manual rows', () => {
  it('keeps an object manual when a person asked for its sync anywhere in the window', () => {
    const latest = latestPerObject([
      { ...change(7, 'update'), manual: true },
      change(7, 'update'),
      change(8, 'update'),
    ]);
    expect([...latest.values()].map((c) => [c.id, c.manual === true])).toEqual([
      [7, true],
      [8, false],
    ]);
  });
});
