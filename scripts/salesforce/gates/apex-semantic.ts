import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JAVA_CLASSPATH, run } from '../child-process.js';
import { listFiles, readSfdxProject, relativeTo } from '../project.js';
import { timed, type GateContext, type GateIssue, type GateResult } from '../types.js';

interface ApexLsReport {
  files: {
    path: string;
    messages: { start: { line: number }; category: string; message: string }[];
  }[];
}

const UNKNOWN_FIELD = /^Unknown field '([^']+)' on SObject '\[?Schema\.(\w+)(?: Records\])?'$/;

/**
 * Stages the package directories in a temporary workspace without the field files of standard objects.
 *
 * apex-ls stops checking field references on an object once the project has any field file for it
 * (toolchain.md). Without those files it checks every reference against its standard-object jars; the
 * references to the removed custom fields come back as "Unknown field" and are accepted because the field
 * files exist. So standard and custom field references on Contact/Account are both verified.
 */
async function stageWorkspace(
  projectDir: string,
): Promise<{ dir: string; removed: Map<string, Set<string>> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sfwp-apexls-'));
  const project = await readSfdxProject(projectDir);
  await cp(path.join(projectDir, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
  const removed = new Map<string, Set<string>>();
  for (const packageDir of project.packageDirectories) {
    const source = path.resolve(projectDir, packageDir.path);
    const target = path.resolve(dir, packageDir.path);
    await cp(source, target, { recursive: true });
    for (const file of await listFiles(target)) {
      const parts = file.split(path.sep);
      const fieldsAt = parts.lastIndexOf('fields');
      const objectName = parts[fieldsAt - 1];
      if (fieldsAt < 2 || parts[fieldsAt - 2] !== 'objects' || objectName === undefined) continue;
      if (objectName.includes('__')) continue;
      const fieldName = path.basename(file).replace(/\.field-meta\.xml$/, '');
      const lower = objectName.toLowerCase();
      removed.set(lower, (removed.get(lower) ?? new Set<string>()).add(fieldName.toLowerCase()));
      await rm(file);
    }
  }
  return { dir, removed };
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** Gate: the apex-ls semantic check (CheckForIssues) reports nothing. */
export function apexSemanticGate({ projectDir }: GateContext): Promise<GateResult> {
  return timed('apex-semantic', async () => {
    const { dir, removed } = await stageWorkspace(projectDir);
    try {
      const output = await run(
        'java',
        [
          '-cp',
          JAVA_CLASSPATH,
          'io.github.apexdevtools.apexls.CheckForIssues',
          '-n',
          '-d',
          'warnings',
          '-f',
          'json',
          '-w',
          dir,
        ],
        { cwd: dir },
      );
      if (output.code !== 0 && output.code !== 4) {
        throw new Error(
          `apex-ls exited ${String(output.code)}: ${output.stderr.trim() || output.stdout.trim()}`,
        );
      }
      const report = JSON.parse(output.stdout || '{"files":[]}') as ApexLsReport;
      const rel = relativeTo(dir);
      const issues: GateIssue[] = [];
      for (const file of report.files) {
        for (const message of file.messages) {
          const unknown = UNKNOWN_FIELD.exec(message.message);
          const [, field, object] = unknown ?? [];
          if (field !== undefined && object !== undefined) {
            if (removed.get(object.toLowerCase())?.has(field.toLowerCase()) === true) continue;
          }
          issues.push({
            file: rel(file.path),
            line: message.start.line,
            rule: `apex-ls:${message.category}`,
            message: message.message,
          });
        }
      }
      if (output.code === 4 && report.files.length === 0) {
        throw new Error(`apex-ls reported issues it did not list: ${output.stdout}`);
      }
      const classes = await readdir(dir, { recursive: true });
      const apexCount = classes.filter(
        (name) => name.endsWith('.cls') || name.endsWith('.trigger'),
      ).length;
      return { issues, summary: `${apexCount} Apex files` };
    } finally {
      if (await isDirectory(dir)) await rm(dir, { recursive: true, force: true });
    }
  });
}
