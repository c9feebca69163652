/** One problem a gate found. Paths are relative to the project directory. */
export interface GateIssue {
  file?: string;
  line?: number;
  /** Rule or check that failed, e.g. `pmd:ApexDoc` or `cmdt-field`. */
  rule?: string;
  message: string;
}

export interface GateResult {
  gate: string;
  ok: boolean;
  issues: GateIssue[];
  durationMs: number;
  /** One line for the summary, e.g. `13 files`. */
  summary: string;
}

export interface GateContext {
  /** Directory holding sfdx-project.json. */
  projectDir: string;
}

export type Gate = (context: GateContext) => Promise<GateResult>;

/** Runs a gate body and times it; an exception becomes a failed result instead of a crash. */
export async function timed(
  gate: string,
  body: () => Promise<{ issues: GateIssue[]; summary: string }>,
): Promise<GateResult> {
  const started = performance.now();
  try {
    const { issues, summary } = await body();
    return {
      gate,
      ok: issues.length === 0,
      issues,
      summary,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      gate,
      ok: false,
      issues: [
        { rule: 'gate-error', message: error instanceof Error ? error.message : String(error) },
      ],
      summary: 'gate crashed',
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** `file:line rule message` for terminal output. */
export function formatIssue(issue: GateIssue): string {
  const where =
    issue.file === undefined
      ? ''
      : `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`} `;
  const rule = issue.rule === undefined ? '' : `[${issue.rule}] `;
  return `${where}${rule}${issue.message}`;
}
