import { existsSync } from 'node:fs';
import { loadConfig, type Config } from '../config/index.js';
import { chooseConfigFile, shownPath } from './demo-config.js';
import { CliError } from './errors/index.js';
import type { CliIo } from './io.js';
import { EXIT_CODES } from './exit-codes.js';

/** What a command's command line says about its configuration. */
export interface ConfigOptions {
  config?: string | undefined;
  /** `--demo`: the running demo's configuration (`.sfwp/demo-connector.yaml`). */
  demo?: boolean | undefined;
  /** `--org NAME`: with several orgs configured, the one to act on. */
  org?: string | undefined;
}

/**
 * Loads the config the way every command does: `--config`, else SFWP_CONFIG, else
 * ./sfwp.config.yaml, else (unless `findDemo` is false, as for `sfwp start`) the configuration
 * the `npm start` demo wrote, which the command then names on stderr.
 */
export function loadCliConfig(
  options: ConfigOptions | string | undefined,
  io: CliIo,
  {
    findDemo = true,
    allOrgs = false,
  }: {
    findDemo?: boolean;
    /** The command works on every org (start, status): `--org` is optional. */
    allOrgs?: boolean;
  } = {},
): Config {
  const given: ConfigOptions =
    typeof options === 'object' ? options : options === undefined ? {} : { config: options };
  const choice = chooseConfigFile(
    { file: given.config, demo: given.demo, findDemo },
    io.env,
    io.cwd,
  );
  if (choice.demo && choice.file !== undefined) {
    const shown = shownPath(choice.file, io.cwd);
    if (!existsSync(choice.file)) {
      throw new CliError(
        `No demo configuration at ${shown}: start the demo with \`npm start\` first (SFWP_DEMO_DIR moves it).`,
      );
    }
    io.stderr.write(`sfwp: using the demo's configuration (${shown})\n`);
  }
  const config = loadConfig({
    ...(choice.file === undefined ? {} : { file: choice.file }),
    env: io.env,
    cwd: io.cwd,
  });
  return narrowToOrg(config, given.org, allOrgs);
}

/**
 * The config of the org `--org` names: its settings as `salesforce` and first in `orgs` (the
 * others stay, as targets of its org → org mappings), so the command's store and login are
 * that org's. Without `--org` a command that acts on one
 * org needs it when several are configured; a single-org config needs none.
 */
export function narrowToOrg(config: Config, name: string | undefined, allOrgs: boolean): Config {
  const names = config.orgs.map((org) => org.name);
  if (name === undefined) {
    if (allOrgs || config.orgs.length === 1) return config;
    throw new CliError(
      `The configuration lists several orgs (${names.join(', ')}): say which with --org NAME.`,
      EXIT_CODES.usage,
    );
  }
  const org = config.orgs.find((entry) => entry.name === name);
  if (org === undefined) {
    throw new CliError(
      `No org named '${name}' in the configuration (it lists ${names.join(', ')}).`,
      EXIT_CODES.usage,
    );
  }
  return {
    ...config,
    salesforce: org,
    orgs: [org, ...config.orgs.filter((entry) => entry !== org)],
  };
}
