export { bearerTokenMatches } from './bearer-token.js';
export { HEALTHY_STATES, isHealthy } from './health.js';
export { startStatusServer, type StatusServer, type StatusServerOptions } from './status-server.js';
export { StatusServerError } from './status-server-error.js';
export {
  prepareStatusToken,
  readStatusToken,
  STATUS_TOKEN_FILE,
  statusTokenPath,
  type PrepareStatusTokenOptions,
} from './status-token.js';
