import { describe, expect, it } from 'vitest';
import { GATES, report, runGates } from '../../scripts/salesforce/check.js';
import { formatIssue, timed } from '../../scripts/salesforce/types.js';

describe('check entry point', () => {
  it('knows every gate the issue requires', () => {
    expect(Object.keys(GATES)).toEqual([
      'apex-parse',
      'apex-format',
      'apex-semantic',
      'pmd',
      'metadata',
      'convert',
      'vectors',
      'schema',
      'lwc-lint',
      'sfge',
      'cross-checks',
    ]);
  });

  it('rejects an unknown gate name', async () => {
    await expect(runGates({ projectDir: '.' }, ['nope'])).rejects.toThrow(/unknown gate nope/);
  });

  it('reports failures with their issues and a failing total', () => {
    const text = report(
      [
        {
          gate: 'pmd',
          ok: false,
          durationMs: 12,
          summary: '1 Apex files',
          issues: [{ file: 'A.cls', line: 3, rule: 'pmd:X', message: 'bad' }],
        },
        { gate: 'metadata', ok: true, durationMs: 5, summary: '9 files', issues: [] },
      ],
      20,
    );
    expect(text).toContain('FAIL pmd');
    expect(text).toContain('A.cls:3 [pmd:X] bad');
    expect(text).toContain('ok   metadata');
    expect(text).toMatch(/1 gate\(s\) failed in 20 ms/);
  });

  it('turns a crashing gate body into a failed result', async () => {
    const result = await timed('boom', () => Promise.reject(new Error('no java')));
    expect(result).toMatchObject({ gate: 'boom', ok: false, summary: 'gate crashed' });
    expect(formatIssue(result.issues[0] ?? { message: '' })).toBe('[gate-error] no java');
  });
});
