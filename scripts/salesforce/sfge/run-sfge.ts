import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CodeAnalyzer,
  CodeAnalyzerConfig,
  EventType,
  LogLevel,
  type EngineLogEvent,
} from '@salesforce/code-analyzer-core';
import * as sfgeEngine from '@salesforce/code-analyzer-sfge-engine';
import { violationIssues } from '../code-analyzer-issues.js';
import type { GateIssue } from '../types.js';

/**
 * Engine settings. Two rule threads fit the 2-core machines this runs on; an entry point whose paths take
 * longer than the timeout is reported (as an error, not silently dropped) — on a loaded machine the mapping
 * editor's save path alone took 13 minutes, unloaded about 1.5.
 */
export const SFGE_SETTINGS = {
  java_thread_count: 2,
  java_thread_timeout: 20 * 60_000,
} as const;

export interface SfgeRun {
  issues: GateIssue[];
  ruleCount: number;
  /** Entry points SFGE could not finish (timeouts, internal errors): the result is incomplete. */
  incomplete: boolean;
}

/**
 * Runs every Salesforce Graph Engine rule (selector `sfge`) through Code Analyzer core on the given files.
 * Violations become issues named `sfge:<Rule>`; SFGE's internal errors and timeouts, which the engine only
 * logs, become `sfge:InternalExecutionError` issues so an unfinished analysis cannot pass.
 */
const ENGINE_START_ATTEMPTS = 3;

export async function runSfge(projectDir: string, files: string[], attempt = 1): Promise<SfgeRun> {
  const workingFolder = await mkdtemp(path.join(tmpdir(), 'sfwp-sfge-'));
  try {
    const config = CodeAnalyzerConfig.fromObject(
      {
        root_working_folder: workingFolder,
        log_folder: workingFolder,
        engines: { sfge: { disable_engine: false, ...SFGE_SETTINGS } },
      },
      projectDir,
    );
    const analyzer = new CodeAnalyzer(config);
    const engineErrors: string[] = [];
    analyzer.onEvent(EventType.EngineLogEvent, (event: EngineLogEvent) => {
      if (event.engineName === 'sfge' && event.logLevel === LogLevel.Error) {
        engineErrors.push(event.message);
      }
    });
    await analyzer.addEnginePlugin(sfgeEngine.createEnginePlugin());
    const workspace = await analyzer.createWorkspace(files);
    const rules = await analyzer.selectRules(['sfge'], { workspace });
    if (rules.getCount() === 0 && attempt < ENGINE_START_ATTEMPTS) {
      // The engine checks Java by reading `java -version`'s stderr on 'exit', which can come
      // before the output on a loaded machine ("Could not locate Java v11.0.0+"); a new
      // analyzer asks again.
      return await runSfge(projectDir, files, attempt + 1);
    }
    const results = await analyzer.run(rules, { workspace });
    const issues = violationIssues(results, projectDir, 'sfge');
    for (const message of engineErrors) {
      issues.push({
        rule: 'sfge:InternalExecutionError',
        message: message.split(projectDir + path.sep).join(''),
      });
    }
    return { issues, ruleCount: rules.getCount(), incomplete: engineErrors.length > 0 };
  } finally {
    await rm(workingFolder, { recursive: true, force: true });
  }
}
