import { existsSync } from 'node:fs';
import { loadConfig, type Config } from '../config/index.js';
import { chooseConfigFile, shownPath } from './demo-config.js';
import { CliError } from './errors/index.js';
import type { CliIo } from './io.js';

/** What a command's command line says about its configuration. */
export interface ConfigOptions {
  config?: string | undefined;
  /** `--demo`: the running demo's configuration (`.sfwp/demo-connector.yaml`). */
  demo?: boolean | undefined;
}

/**
 * Loads the config the way every command does: `--config`, else SFWP_CONFIG, else
 * ./sfwp.config.yaml, else (unless `findDemo` is false, as for `sfwp start`) the configuration
 * the `npm start` demo wrote, which the command then names on stderr.
 */
export function loadCliConfig(
  options: ConfigOptions | string | undefined,
  io: CliIo,
  { findDemo = true }: { findDemo?: boolean } = {},
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
  return loadConfig({
    ...(choice.file === undefined ? {} : { file: choice.file }),
    env: io.env,
    cwd: io.cwd,
  });
}
