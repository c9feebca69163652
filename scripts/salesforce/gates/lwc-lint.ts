import { ESLint } from 'eslint';
import { lwcPlatformConfig } from '../lwc/platform-config.js';
import { packageFiles, readSfdxProject, relativeTo } from '../project.js';
import { timed, type GateContext, type GateIssue, type GateResult } from '../types.js';

const isLwcScript = (file: string): boolean =>
  /[/\\]lwc[/\\].+\.js$/.test(file) && !file.split(/[/\\]/).includes('node_modules');

/**
 * Gate: Salesforce's LWC platform lint — `@salesforce/eslint-config-lwc` recommended with
 * `@lwc/eslint-plugin-lwc` — reports nothing on the Lightning web components of every package directory.
 * `npm run lint` applies the same blocks (eslint.config.js); this gate runs them alone, on any project.
 */
export function lwcLintGate({ projectDir }: GateContext): Promise<GateResult> {
  return timed('lwc-lint', async () => {
    const project = await readSfdxProject(projectDir);
    const files = (await packageFiles(projectDir)).filter(isLwcScript);
    if (files.length === 0) return { issues: [], summary: 'no Lightning web components' };
    const patterns = project.packageDirectories.map(
      (directory) => `${directory.path.replace(/\/+$/, '')}/**/lwc/**/*.js`,
    );
    const eslint = new ESLint({
      cwd: projectDir,
      overrideConfigFile: true,
      overrideConfig: lwcPlatformConfig(patterns),
    });
    const rel = relativeTo(projectDir);
    const issues: GateIssue[] = (await eslint.lintFiles(files)).flatMap((result) =>
      result.messages.map((message) => ({
        file: rel(result.filePath),
        line: message.line,
        rule: message.ruleId ?? 'eslint',
        message: message.message,
      })),
    );
    return { issues, summary: `${files.length} LWC files` };
  });
}
