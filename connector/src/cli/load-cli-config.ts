import { loadConfig, type Config } from '../config/index.js';
import type { CliIo } from './io.js';

/** Loads the config the way every command does: `--config`, else SFWP_CONFIG, else ./sfwp.config.yaml. */
export function loadCliConfig(file: string | undefined, io: CliIo): Config {
  return loadConfig({ ...(file === undefined ? {} : { file }), env: io.env, cwd: io.cwd });
}
