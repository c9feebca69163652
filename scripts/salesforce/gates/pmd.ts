import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import { violationIssues } from '../code-analyzer-issues.js';
import { isApexSource, packageFiles } from '../project.js';
import { timed, type GateContext, type GateResult } from '../types.js';

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
    const issues = violationIssues(results, projectDir, 'pmd');
    return { issues, summary: `${apexFiles.length} Apex files, ${rules.getCount()} rules` };
  });
}
