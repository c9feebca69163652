import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../child-process.js';
import { listFiles, packageFiles, relativeTo, sfEnvironment } from '../project.js';
import { REPO_ROOT } from '../vectors-bundle.js';
import { timed, type GateContext, type GateIssue, type GateResult } from '../types.js';

const SF = path.join(REPO_ROOT, 'node_modules/.bin/sf');

/** Where a source-format file must end up in the converted (Metadata API) output, if it is a component. */
function expectedOutput(file: string): string | undefined {
  const base = path.basename(file);
  const rules: [RegExp, (match: RegExpExecArray) => string][] = [
    [/^(.+)\.cls$/, (m) => `classes/${m[1] ?? ''}.cls`],
    [/^(.+)\.trigger$/, (m) => `triggers/${m[1] ?? ''}.trigger`],
    [/^(.+)\.md-meta\.xml$/, (m) => `customMetadata/${m[1] ?? ''}.md`],
    [/^(.+)\.object-meta\.xml$/, (m) => `objects/${m[1] ?? ''}.object`],
    [/^(.+)\.permissionset-meta\.xml$/, (m) => `permissionsets/${m[1] ?? ''}.permissionset`],
    [
      /^(.+)\.customPermission-meta\.xml$/,
      (m) => `customPermissions/${m[1] ?? ''}.customPermission`,
    ],
    [/^(.+)\.resource-meta\.xml$/, (m) => `staticresources/${m[1] ?? ''}.resource`],
    [/^(.+)\.eca-meta\.xml$/, (m) => `externalClientApps/${m[1] ?? ''}.eca`],
    [/^(.+)\.ecaOauth-meta\.xml$/, (m) => `extlClntAppOauthSettings/${m[1] ?? ''}.ecaOauth`],
    [
      /^(.+)\.ecaOauthPlcy-meta\.xml$/,
      (m) => `extlClntAppOauthPolicies/${m[1] ?? ''}.ecaOauthPlcy`,
    ],
  ];
  for (const [pattern, target] of rules) {
    const match = pattern.exec(base);
    if (match !== null) return target(match);
  }
  return undefined;
}

/**
 * Gate: `sf project convert source` succeeds and its output contains every component of the source
 * (convert exits 0 while silently dropping, for example, a class without its -meta.xml).
 */
export function convertGate({ projectDir }: GateContext): Promise<GateResult> {
  return timed('convert', async () => {
    const outputDir = await mkdtemp(path.join(tmpdir(), 'sfwp-convert-'));
    try {
      const output = await run(
        SF,
        ['project', 'convert', 'source', '--output-dir', outputDir, '--json'],
        {
          cwd: projectDir,
          env: sfEnvironment(),
        },
      );
      const issues: GateIssue[] = [];
      const jsonStart = output.stdout.indexOf('{');
      const result = (jsonStart < 0 ? {} : JSON.parse(output.stdout.slice(jsonStart))) as {
        status?: number;
        message?: string;
      };
      if (output.code !== 0 || result.status !== 0) {
        issues.push({
          rule: 'sf-convert',
          message: `sf project convert source failed (exit ${String(output.code)}): ${result.message ?? (output.stderr.trim() || output.stdout.trim())}`,
        });
        return { issues, summary: 'convert failed' };
      }
      const converted = new Set((await listFiles(outputDir)).map(relativeTo(outputDir)));
      const sources = (await packageFiles(projectDir)).map(relativeTo(projectDir));
      let components = 0;
      for (const source of sources) {
        const target = expectedOutput(source);
        if (target === undefined) continue;
        components++;
        if (!converted.has(target)) {
          issues.push({
            file: source,
            rule: 'sf-convert',
            message: `missing from the converted package (expected ${target})`,
          });
        }
      }
      return { issues, summary: `${components} components converted` };
    } finally {
      await rm(outputDir, { recursive: true, force: true });
    }
  });
}
