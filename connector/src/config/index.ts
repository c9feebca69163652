export { ConfigError, type ConfigProblem } from './config-error.js';
export {
  DEFAULT_CONFIG_FILE,
  ENV_OVERRIDES,
  loadConfig,
  type Config,
  type LoadConfigOptions,
} from './load-config.js';
export { configSchema, type ConfigInput, type SecretInput } from './schema.js';
export { Secret } from './secret.js';
