export interface ConfigProblem {
  /** Dotted setting path, e.g. `salesforce.auth.username`. */
  setting: string;
  message: string;
  /** How to fix it: which file key or environment variable to set. */
  hint?: string;
}

/** Configuration that cannot work; the message lists every problem and how to fix each. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[], source: string) {
    super(
      `Configuration problems (${source}):\n` +
        problems
          .map(
            (problem) =>
              `  - ${problem.setting}: ${problem.message}${problem.hint ? `\n    ${problem.hint}` : ''}`,
          )
          .join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
