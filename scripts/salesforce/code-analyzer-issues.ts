import type { RunResults } from '@salesforce/code-analyzer-core';
import { relativeTo } from './project.js';
import type { GateIssue } from './types.js';

/** A Code Analyzer run's violations as gate issues named `<engine>:<Rule>`, files relative to the project. */
export function violationIssues(
  results: RunResults,
  projectDir: string,
  engine: string,
): GateIssue[] {
  const rel = relativeTo(projectDir);
  return results.getViolations().map((violation) => {
    const location = violation.getPrimaryLocation();
    const file = location.getFile();
    const line = location.getStartLine();
    return {
      ...(file === undefined ? {} : { file: rel(file) }),
      ...(line === undefined ? {} : { line }),
      rule: `${engine}:${violation.getRule().getName()}`,
      message: violation.getMessage().trim(),
    };
  });
}
