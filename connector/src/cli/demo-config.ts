/**
 * The demo's connector configuration (`npm start` without a configuration): the demo writes it
 * beside `demo.json` so `sfwp` commands in a second terminal reach the demo's org emulator,
 * WordPress, state database and status server without any environment. It holds the demo's
 * throwaway local credentials, so it is written with mode 0600 (like `demo.json`) and never
 * printed.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE, ENV_OVERRIDES } from '../config/load-config.js';
import { setPath } from '../config/set-path.js';

export const DEMO_CONFIG_FILE = 'demo-connector.yaml';

/** The demo's directory: `SFWP_DEMO_DIR`, else `.sfwp` in the working directory. */
export function demoDirectory(env: NodeJS.ProcessEnv, cwd: string): string {
  const named = env.SFWP_DEMO_DIR;
  return resolve(cwd, named !== undefined && named !== '' ? named : '.sfwp');
}

export function demoConfigPath(env: NodeJS.ProcessEnv, cwd: string): string {
  return join(demoDirectory(env, cwd), DEMO_CONFIG_FILE);
}

/**
 * The configuration a connector environment (the variables of `ENV_OVERRIDES`) stands for, as
 * a config file's object: credentials inline, numbers and booleans typed.
 */
export function configFromEnvironment(env: Record<string, string>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    const override = ENV_OVERRIDES[name];
    if (!override || value === '') continue;
    const typed =
      override.kind === 'number'
        ? Number(value)
        : override.kind === 'boolean'
          ? value === 'true'
          : override.kind === 'secret-file'
            ? { file: value }
            : value;
    setPath(config, override.setting, typed);
  }
  return config;
}

/**
 * Writes the demo's connector configuration atomically with mode 0600; returns its path.
 * `orgs`: the `orgs:` list of `npm start -- --orgs 2` (the environment then has no `SF_*`).
 */
export function writeDemoConfig(
  directory: string,
  env: Record<string, string>,
  orgs?: unknown,
): string {
  const path = join(directory, DEMO_CONFIG_FILE);
  const temporary = `${path}.${String(process.pid)}.tmp`;
  const body =
    '# Written by `npm start` (the demo) for `npm run sfwp -- <command>` in another terminal.\n' +
    '# Local throwaway credentials of the demo; removed when the demo stops.\n' +
    stringify({ ...configFromEnvironment(env), ...(orgs === undefined ? {} : { orgs }) });
  writeFileSync(temporary, body, { mode: 0o600 });
  renameSync(temporary, path);
  return path;
}

/** Which config file a command uses, and whether it is the demo's (so it can say so). */
export interface ConfigChoice {
  file: string | undefined;
  demo: boolean;
}

/**
 * `--config FILE`, else `SFWP_CONFIG`, else `./sfwp.config.yaml`, else (for commands that look
 * at a running demo) the demo's configuration when it exists and no Salesforce login is set
 * in the environment. `--demo` asks for the demo's configuration outright.
 */
export function chooseConfigFile(
  options: { file?: string | undefined; demo?: boolean | undefined; findDemo: boolean },
  env: NodeJS.ProcessEnv,
  cwd: string,
): ConfigChoice {
  const demoFile = demoConfigPath(env, cwd);
  if (options.demo === true) return { file: demoFile, demo: true };
  if (options.file !== undefined) return { file: options.file, demo: false };
  if (!options.findDemo) return { file: undefined, demo: false };
  const configured =
    (env.SFWP_CONFIG ?? '') !== '' ||
    existsSync(resolve(cwd, DEFAULT_CONFIG_FILE)) ||
    (env.SF_LOGIN_URL ?? '') !== '' ||
    (env.SF_AUTH_METHOD ?? '') !== '';
  if (configured || !existsSync(demoFile)) return { file: undefined, demo: false };
  return { file: demoFile, demo: true };
}

/** How a command names the demo's file in its note: relative when it is under `cwd`. */
export function shownPath(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside !== '' && !inside.startsWith('..') ? inside : path;
}
