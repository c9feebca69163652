/**
 * Which `npm start` to run: the connector against a configured org and WordPress ("real"), or
 * the demo on the embedded default (local WordPress, org emulator, connector). Pure: the caller
 * passes the command line, the environment and a file check.
 */
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../../connector/src/config/index.js';

export type StartMode = { kind: 'real'; reason: string } | { kind: 'demo' };

export interface ModeInputs {
  /** Arguments after `npm start --`. */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  fileExists(path: string): boolean;
}

/**
 * Environment variables that only make sense for the connector's own Salesforce login. Either one
 * means "use my org": `SF_LOGIN_URL` names it, and `SF_AUTH_METHOD` without it means production
 * (the connector's default login URL). The Salesforce CLI's own `SF_*` settings are not among them.
 */
export const SALESFORCE_ENVIRONMENT = ['SF_LOGIN_URL', 'SF_AUTH_METHOD'] as const;

const isSet = (value: string | undefined): value is string => value !== undefined && value !== '';

function configArgument(argv: readonly string[]): string | undefined {
  for (const [index, arg] of argv.entries()) {
    if (arg === '--config' || arg === '-c') return argv[index + 1] ?? '';
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

/**
 * Real when the connector has something to run against: `--config FILE`, `SFWP_CONFIG`,
 * `./sfwp.config.yaml`, or the Salesforce environment. Otherwise the demo.
 */
export function decideMode(inputs: ModeInputs): StartMode {
  const argument = configArgument(inputs.argv);
  if (argument !== undefined) return { kind: 'real', reason: `--config ${argument}` };
  const named = inputs.env.SFWP_CONFIG;
  if (isSet(named)) return { kind: 'real', reason: `SFWP_CONFIG=${named}` };
  if (inputs.fileExists(resolve(inputs.cwd, DEFAULT_CONFIG_FILE))) {
    return { kind: 'real', reason: `./${DEFAULT_CONFIG_FILE}` };
  }
  const present = SALESFORCE_ENVIRONMENT.filter((name) => isSet(inputs.env[name]));
  if (present.length > 0) {
    return { kind: 'real', reason: `${present.join(' and ')} set in the environment` };
  }
  return { kind: 'demo' };
}
