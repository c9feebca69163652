import type { Config } from '../config/load-config.js';
import { storeKind } from '../config/schema.js';
import { startReplica } from './leadership/replica.js';
import {
  startOrgConnector,
  type ConnectorHandle,
  type StartConnectorOptions,
} from './org-connector.js';
import { startSeveralOrgs } from './several-orgs.js';

export { CONNECTOR_VERSION } from './version.js';
export {
  pluginVersionInfo,
  type ConnectorHandle,
  type StartConnectorOptions,
} from './org-connector.js';

/**
 * The running connector: on PostgreSQL a replica that serves once it holds the lease; one
 * org's pipelines (startOrgConnector); or, with `orgs:` listing several, every org's side by
 * side on one store and one WordPress site (startSeveralOrgs).
 */
export async function startConnector(
  config: Config,
  options: StartConnectorOptions,
): Promise<ConnectorHandle> {
  if (storeKind(config.store) === 'postgres' && options.fence === undefined) {
    return startReplica(config, {
      logger: options.logger,
      metrics: options.metrics,
      startLeader: (fence) => startConnector(config, { ...options, fence }),
    });
  }
  if (config.orgs.length > 1) return startSeveralOrgs(config, options);
  return startOrgConnector(config, options);
}
