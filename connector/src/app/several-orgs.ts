import type { Config } from '../config/load-config.js';
import { DEFAULT_ORG, storeKind } from '../config/schema.js';
import { ConfigError } from '../config/config-error.js';
import { isHealthy } from '../server/health.js';
import type { ConnectorStatus } from '../engine/status.js';
import { openStateStore } from '../store/open-state-store.js';
import { claimStore, type ConnectorHandle, type StartConnectorOptions } from './org-connector.js';
import { OrgSlot } from './org-slot.js';
import { JointAcknowledgement } from '../wordpress/joint-acknowledgement.js';
import type { ObjectMapping } from '../mapping/types.js';
import { clearServiceMark } from './service-marker.js';

/**
 * The whole connector's status: the first org's, with every org's own under `orgs`. It is
 * healthy while any org syncs (the WordPress side still serves the others); the reason names
 * each org that does not.
 */
export function severalOrgsStatus(statuses: ConnectorStatus[]): ConnectorStatus {
  const [first] = statuses;
  if (first === undefined) throw new Error('a connector serves at least one org');
  const orgs = Object.fromEntries(statuses.map((status) => [status.org ?? DEFAULT_ORG, status]));
  const troubled = statuses.filter((status) => !isHealthy(status.state));
  const healthy = statuses.find((status) => isHealthy(status.state));
  const reason = troubled
    .map(
      (status) =>
        `org ${status.org ?? DEFAULT_ORG}: ${status.state}${status.reason ? ` (${status.reason})` : ''}`,
    )
    .join('; ');
  const whole: ConnectorStatus = { ...first };
  delete whole.reason;
  return {
    ...whole,
    state: healthy === undefined ? first.state : healthy.state,
    ...(reason === '' ? {} : { reason }),
    orgs,
  };
}

/**
 * Several orgs through one connector (config `orgs:`): one store, opened and claimed once, each
 * org's pipelines on its own view of it (`forOrg`), side by side; each org starts, fails and
 * recovers on its own. Orgs start one after another, so each one's settings for the companion
 * plugin include the mappings of the orgs before it. Fails only when no org starts at all.
 */
export async function startSeveralOrgs(
  config: Config,
  options: StartConnectorOptions,
): Promise<ConnectorHandle> {
  const store = openStateStore({
    kind: storeKind(config.store),
    path: config.store.path,
    url: config.store.url?.reveal(),
    org: DEFAULT_ORG,
  });
  let slots: OrgSlot[];
  try {
    claimStore(store, config, options.fence);
    const feed = new JointAcknowledgement(config.orgs.map((org) => org.name));
    const others = (name: string) => (): ObjectMapping[] =>
      slots
        .filter((slot) => slot.name !== name)
        .flatMap((slot) => [...(slot.connector?.mappings().values() ?? [])]);
    slots = config.orgs.map(
      (org) =>
        new OrgSlot(
          config,
          org,
          store.forOrg(org.name),
          {
            ...options,
            // The plugin's status page shows the whole connector, whichever org's beat came last.
            wordpressStatus: () => severalOrgsStatus(slots.map((slot) => slot.status())),
          },
          options.logger.child({ org: org.name }),
          { otherOrgsMappings: others(org.name), feed },
        ),
    );
    const failures: unknown[] = [];
    for (const slot of slots) {
      const failure = await slot.start();
      if (failure !== undefined) failures.push(failure);
    }
    const fatal = failures.find((failure) => failure instanceof ConfigError);
    if (failures.length === slots.length || fatal !== undefined) {
      await Promise.all(slots.map((slot) => slot.stop()));
      throw fatal ?? failures[0];
    }
  } catch (error) {
    store.close();
    throw error;
  }

  const started = (): ConnectorHandle[] =>
    slots.flatMap((slot) => (slot.connector === undefined ? [] : [slot.connector]));
  const slotNamed = (name: string | undefined): OrgSlot => {
    const slot = name === undefined ? slots[0] : slots.find((entry) => entry.name === name);
    if (slot === undefined) throw new Error(`no org named '${String(name)}' is configured`);
    return slot;
  };
  return {
    mappings: () => slots[0]?.connector?.mappings() ?? new Map(),
    status: () => severalOrgsStatus(slots.map((slot) => slot.status())),
    // The companion plugin's signed routes (status, developer API) are served by the first org.
    signedRoutes: () => slots[0]?.connector?.signedRoutes?.() ?? [],
    async reloadMappings() {
      await Promise.all(started().map((connector) => connector.reloadMappings()));
    },
    fullSync(fullSyncOptions) {
      const connector = slotNamed(fullSyncOptions.org).connector;
      if (connector === undefined) {
        throw new Error(`org '${fullSyncOptions.org ?? slots[0]?.name}' is not running`);
      }
      return connector.fullSync(fullSyncOptions);
    },
    wakeChangeFeed() {
      for (const connector of started()) connector.wakeChangeFeed?.();
    },
    async stop() {
      await Promise.all(slots.map((slot) => slot.stop()));
      try {
        clearServiceMark(store);
      } finally {
        store.close();
      }
    },
  };
}
