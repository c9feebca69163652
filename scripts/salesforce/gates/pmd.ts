import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import { isApexSource, packageFiles, relativeTo } from '../project.js';
import { timed, type GateContext, type GateIssue, type GateResult } from '../types.js';

/**
 * Gate: PMD's Recommended Apex rules (pmd:Recommended through Salesforce Code Analyzer core) find no
 * violation. A suppression must be documented where it is made: `@SuppressWarnings('PMD.Rule')` with a
 * comment saying why (code-analyzer also honours `// NOPMD` and `code-analyzer-suppress` markers).
 */
export function pmdGate({ projectDir }: GateContext): Promise<GateResult> {
  return timed('pmd', async () => {
    const apexFiles = (await packageFiles(projectDir)).filter(isApexSource);
    if (apexFiles.length === 0) return { issues: [], summary: 'no Apex files' };
    const config = CodeAnalyzerConfig.fromObject(
      { root_working_folder: projectDir, engines: { pmd: { disable_engine: false } } },
      projectDir,
    );
    const analyzer = new CodeAnalyzer(config);
    await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
    const workspace = await analyzer.createWorkspace(apexFiles);
    const rules = await analyzer.selectRules(['pmd:Recommended'], { workspace });
    const results = await analyzer.run(rules, { workspace });
    const rel = relativeTo(projectDir);
    const issues: GateIssue[] = results.getViolations().map((violation) => {
      const location = violation.getPrimaryLocation();
      const file = location.getFile();
      const line = location.getStartLine();
      return {
        ...(file === undefined ? {} : { file: rel(file) }),
        ...(line === undefined ? {} : { line }),
        rule: `pmd:${violation.getRule().getName()}`,
        message: violation.getMessage().trim(),
      };
    });
    return { issues, summary: `${apexFiles.length} Apex files, ${rules.getCount()} rules` };
  });
}
