import { describe, expect, it } from 'vitest';
import { parseFormSubmission } from '../../src/wordpress/form-submissions.js';
import { reportToWordPress } from '../../src/wordpress-to-salesforce/forms/result-report.js';
import type { SalesforceOutcome } from '../../src/wordpress-to-salesforce/types.js';

describe('form submissions from the companion plugin', () => {
  it('reads the read route answer, keeping only text and boolean field values', () => {
    expect(
      parseFormSubmission({
        id: 3,
        form_id: '7',
        form_name: 'Contact us',
        fields: { email: 'a@example.org', newsletter: true, age: 42, nested: { x: 1 } },
        consent: true,
        utm: { source: 'news', medium: null },
        page_url: 'https://example.org/contact/',
        submitted_at: '2026-12-06T18:00:00Z',
        status: 'pending',
        salesforce_id: null,
      }),
    ).toEqual({
      id: 3,
      formId: 7,
      formName: 'Contact us',
      fields: { email: 'a@example.org', newsletter: true, age: '42' },
      consent: true,
      utm: { source: 'news', medium: '', campaign: '', term: '', content: '' },
      pageUrl: 'https://example.org/contact/',
      submittedAt: '2026-12-06T18:00:00Z',
      status: 'pending',
      salesforceId: null,
    });
  });

  it('reports synced and failed outcomes, nothing for skipped ones, and survives a refusal', async () => {
    const sent: unknown[] = [];
    const warnings: unknown[] = [];
    const route = {
      reportResult: (id: number, result: unknown) => {
        sent.push({ id, result });
        return id === 9 ? Promise.reject(new Error('WordPress down')) : Promise.resolve();
      },
    };
    const logger = { warn: (...args: unknown[]) => warnings.push(args) };
    const base = { salesforceId: '00Q1', operation: 'create' as const, conflicts: [] };
    const outcomes: SalesforceOutcome[] = [
      { ...base, wordpressId: 1, status: 'Success', message: 'Created' },
      {
        ...base,
        wordpressId: 2,
        salesforceId: undefined,
        status: 'Failed',
        code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        kind: 'permanent',
        message: 'no',
        attempted: {},
      },
      { ...base, wordpressId: 3, status: 'Skipped', message: 'spam' },
      { ...base, wordpressId: 9, status: 'Success', message: 'Created' },
    ];
    for (const outcome of outcomes) await reportToWordPress(route, outcome, logger as never);
    expect(sent).toEqual([
      { id: 1, result: { status: 'synced', salesforceId: '00Q1' } },
      { id: 2, result: { status: 'failed', message: 'FIELD_CUSTOM_VALIDATION_EXCEPTION: no' } },
      { id: 9, result: { status: 'synced', salesforceId: '00Q1' } },
    ]);
    expect(warnings).toHaveLength(1);
  });
});
