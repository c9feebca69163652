/**
 * Local gates for the Salesforce package (`npm run check:salesforce`). Runs every gate in parallel against the
 * project in the current directory (or `--project <dir>`), prints each gate's timing and issues, and exits 1
 * when any gate fails. Gates: apex-parse, apex-format, apex-semantic, pmd, metadata, convert, vectors, schema,
 * lwc-lint, sfge, cross-checks.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { apexFormatGate } from './gates/apex-format.js';
import { apexParseGate } from './gates/apex-parse.js';
import { apexSemanticGate } from './gates/apex-semantic.js';
import { convertGate } from './gates/convert.js';
import { crossChecksGate } from './gates/cross-checks.js';
import { lwcLintGate } from './gates/lwc-lint.js';
import { metadataGate } from './gates/metadata.js';
import { pmdGate } from './gates/pmd.js';
import { schemaGate } from './gates/schema.js';
import { sfgeGate } from './gates/sfge.js';
import { vectorsGate } from './gates/vectors.js';
import { formatIssue, type GateContext, type GateResult } from './types.js';

export const GATES: Record<string, (context: GateContext) => Promise<GateResult>> = {
  'apex-parse': apexParseGate,
  'apex-format': apexFormatGate,
  'apex-semantic': apexSemanticGate,
  pmd: pmdGate,
  metadata: metadataGate,
  convert: convertGate,
  vectors: vectorsGate,
  schema: schemaGate,
  'lwc-lint': lwcLintGate,
  sfge: sfgeGate,
  'cross-checks': crossChecksGate,
};

/** Runs the selected gates (all by default) in parallel. */
export async function runGates(
  context: GateContext,
  names: string[] = Object.keys(GATES),
): Promise<GateResult[]> {
  return Promise.all(
    names.map((name) => {
      const gate = GATES[name];
      if (gate === undefined)
        throw new Error(`unknown gate ${name}; known: ${Object.keys(GATES).join(', ')}`);
      return gate(context);
    }),
  );
}

/** Human-readable report of gate results. */
export function report(results: GateResult[], totalMs: number): string {
  const lines: string[] = [];
  for (const result of results) {
    const status = result.ok ? 'ok  ' : 'FAIL';
    lines.push(
      `${status} ${result.gate.padEnd(14)} ${String(result.durationMs).padStart(6)} ms  ${result.summary}`,
    );
    for (const issue of result.issues) lines.push(`       ${formatIssue(issue)}`);
  }
  const failed = results.filter((result) => !result.ok).length;
  lines.push(
    `${failed === 0 ? 'all gates passed' : `${failed} gate(s) failed`} in ${totalMs} ms (gates run in parallel)`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      project: { type: 'string', default: '.' },
      gate: { type: 'string', multiple: true },
    },
  });
  const started = performance.now();
  const results = await runGates({ projectDir: path.resolve(values.project) }, values.gate);
  console.log(report(results, Math.round(performance.now() - started)));
  process.exitCode = results.every((result) => result.ok) ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
