import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { isApexSource, packageFiles, relativeTo } from '../project.js';
import { timed, type GateContext, type GateIssue, type GateResult } from '../types.js';

/** A path inside this repository, so the repository's .prettierrc.json and its Apex overrides apply. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Gate: every .cls and .trigger is formatted by prettier-plugin-apex with this repository's Prettier
 * configuration (also for projects outside the repository, such as test fixtures).
 */
export function apexFormatGate({ projectDir }: GateContext): Promise<GateResult> {
  return timed('apex-format', async () => {
    const files = (await packageFiles(projectDir)).filter(isApexSource);
    const rel = relativeTo(projectDir);
    const issues: GateIssue[] = [];
    for (const file of files) {
      const extension = path.extname(file);
      const options =
        (await prettier.resolveConfig(path.join(REPO_ROOT, `Example${extension}`))) ?? {};
      const source = await readFile(file, 'utf8');
      try {
        const formatted = await prettier.check(source, {
          ...options,
          plugins: ['prettier-plugin-apex'],
          filepath: `Example${extension}`,
        });
        if (!formatted) {
          issues.push({
            file: rel(file),
            rule: 'prettier',
            message: 'not formatted (run prettier --write)',
          });
        }
      } catch (error) {
        const message =
          error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
        issues.push({ file: rel(file), rule: 'prettier', message: `cannot format: ${message}` });
      }
    }
    return { issues, summary: `${files.length} Apex files` };
  });
}
