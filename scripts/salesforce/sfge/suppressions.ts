import type { GateIssue } from '../types.js';

/**
 * Suppression markers that can silence Salesforce Graph Engine: Code Analyzer's
 * `code-analyzer-suppress(selector)` (no selector, `all`, `sfge` or `sfge:Rule`) and SFGE's own
 * `sfge-disable…` annotations. Each must say why on the same line, after the marker.
 */
const MARKER =
  /(code-analyzer-suppress(?:\(([^()]*)\))?|sfge-disable(?:-next-line|-stack)?(?:\s+[\w,]+)?)(.*)$/i;

/** At least this many letters of explanation after the marker. */
const MINIMUM_REASON_LETTERS = 10;

function silencesSfge(marker: string, selector: string | undefined): boolean {
  if (/^sfge-disable/i.test(marker)) return true;
  const normalized = (selector ?? '').trim().toLowerCase();
  return (
    normalized === '' ||
    normalized === 'all' ||
    normalized.split(',').some((part) => part.trim().startsWith('sfge'))
  );
}

/** Markers that silence SFGE without a written reason, one issue each. */
export function unexplainedSuppressions(file: string, source: string): GateIssue[] {
  const issues: GateIssue[] = [];
  source.split('\n').forEach((line, index) => {
    const match = MARKER.exec(line);
    if (match === null) return;
    const [, marker = '', selector, rest = ''] = match;
    if (!silencesSfge(marker, selector)) return;
    const reason = rest.replace(/\*\/\s*$/, '').replace(/[^a-z]/gi, '');
    if (reason.length < MINIMUM_REASON_LETTERS) {
      issues.push({
        file,
        line: index + 1,
        rule: 'sfge-suppression',
        message: `${marker.trim()} needs a written reason after it on the same line`,
      });
    }
  });
  return issues;
}
