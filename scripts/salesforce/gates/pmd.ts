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
    // CPD (copy-paste detection) comes in the same plugin; its own Java check fails the same way
    // on a loaded machine (UninstantiableEngineError), and no gate uses it.
    const config = CodeAnalyzerConfig.fromObject(
      {
        root_working_folder: projectDir,
        engines: { pmd: { disable_engine: false }, cpd: { disable_engine: true } },
      },
      projectDir,
    );
    // As in the sfge gate: the engine's Java check can miss `java -version`'s output on a
    // loaded machine and start no rules; a new analyzer asks again.
    let analyzer = new CodeAnalyzer(config);
    let workspace;
    let rules;
    for (let attempt = 1; ; attempt++) {
      await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
      workspace = await analyzer.createWorkspace(apexFiles);
      rules = await analyzer.selectRules(['pmd:Recommended'], { workspace });
      if (rules.getCount() > 0 || attempt === 3) break;
      analyzer = new CodeAnalyzer(config);
    }
    if (rules.getCount() === 0) {
      return {
        issues: [
          {
            rule: 'pmd:EngineNotStarted',
            message: 'PMD started no rules (is Java 11+ on the PATH?)',
          },
        ],
        summary: `${apexFiles.length} Apex files, 0 rules`,
      };
    }
    const results = await analyzer.run(rules, { workspace });
    const issues = violationIssues(results, projectDir, 'pmd');
    return { issues, summary: `${apexFiles.length} Apex files, ${rules.getCount()} rules` };
  });
}
