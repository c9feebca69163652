import { describe, expect, it } from 'vitest';
import {
  FORMS_HEARTBEAT_BUDGET,
  formsForHeartbeat,
  publishedFormsOf,
  type PublishedForm,
} from '../../src/wordpress/published-forms.js';

const form = (id: number, fields = 3): PublishedForm => ({
  id,
  title: `Form ${String(id)}`,
  fields: Array.from({ length: fields }, (_, index) => ({
    name: `field_${String(index)}`,
    label: `Field number ${String(index)}`,
    type: 'text',
  })),
});

describe('the published forms in the heartbeat', () => {
  it('takes the plugin’s list, leaving out what is malformed', () => {
    expect(
      publishedFormsOf([
        {
          id: 7,
          title: 'Contact us',
          fields: [
            { name: 'email', label: 'Email', type: 'email' },
            { name: 'notes' },
            { label: 'no name' },
            'junk',
          ],
        },
        { id: '8', title: 'id is text' },
        { id: -1, title: 'negative' },
        { id: 9, fields: 'none' },
        null,
      ]),
    ).toEqual([
      {
        id: 7,
        title: 'Contact us',
        fields: [
          { name: 'email', label: 'Email', type: 'email' },
          { name: 'notes', label: 'notes', type: 'text' },
        ],
      },
      { id: 9, title: 'Form 9', fields: [] },
    ]);
    expect(publishedFormsOf(undefined)).toEqual([]);
    expect(publishedFormsOf({ forms: [] })).toEqual([]);
  });

  it('keeps at most 50 forms', () => {
    const many = Array.from({ length: 80 }, (_, index) => form(index + 1, 0));
    expect(publishedFormsOf(many)).toHaveLength(50);
  });

  it('keeps whole forms within the budget and says when some were left out', () => {
    const few = [form(1), form(2)];
    expect(formsForHeartbeat(few)).toEqual({ forms: few, truncated: false });
    const big = Array.from({ length: 50 }, (_, index) => form(index + 1, 20));
    const kept = formsForHeartbeat(big);
    expect(kept.truncated).toBe(true);
    expect(kept.forms.length).toBeGreaterThan(0);
    expect(kept.forms).toEqual(big.slice(0, kept.forms.length));
    expect(JSON.stringify(kept.forms).length).toBeLessThanOrEqual(FORMS_HEARTBEAT_BUDGET);
    expect(JSON.stringify(big.slice(0, kept.forms.length + 1)).length).toBeGreaterThan(
      FORMS_HEARTBEAT_BUDGET,
    );
  });
});
