import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import { classifyFailure, backoffDelay } from '../engine/retry-policy.js';
import type { ConnectorState, ConnectorStatus } from '../engine/status.js';
import { SalesforceAuthError } from '../salesforce/errors.js';
import type { StateStore } from '../store/state-store.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { JointAcknowledgement } from '../wordpress/joint-acknowledgement.js';
import type { ConnectorHandle, StartConnectorOptions } from './org-connector.js';
import { startOrgConnector } from './org-connector.js';
import { CONNECTOR_VERSION } from './version.js';

type OrgConfig = Config['orgs'][number];

/** A start failure's state: what an operator must do differs for each. */
function stateOf(error: unknown): ConnectorState {
  if (error instanceof SalesforceAuthError) return 'authentication-failed';
  const kind = classifyFailure(error);
  if (kind === 'authentication') return 'authentication-failed';
  if (kind === 'throttled') return 'throttled';
  return 'unavailable';
}

/**
 * One org of a connector serving several: started on the shared store's view of the org, and
 * while it cannot start (org down, credentials refused, throttled) tried again with backoff,
 * its status saying why — without holding up or stopping the other orgs.
 */
export class OrgSlot {
  private handle: ConnectorHandle | undefined;
  private failure: { state: ConnectorState; reason: string } | undefined;
  private attempts = 0;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly config: Config,
    readonly org: OrgConfig,
    private readonly store: StateStore,
    private readonly options: StartConnectorOptions,
    private readonly logger: Logger,
    private readonly shared: {
      otherOrgsMappings: () => Iterable<ObjectMapping>;
      feed: JointAcknowledgement;
    },
  ) {}

  get name(): string {
    return this.org.name;
  }

  get connector(): ConnectorHandle | undefined {
    return this.handle;
  }

  /** One attempt; a failure schedules the next and is returned, not thrown. */
  async start(): Promise<unknown> {
    this.attempts += 1;
    try {
      const handle = await startOrgConnector(
        { ...this.config, salesforce: this.org, orgs: [this.org] },
        {
          ...this.options,
          logger: this.logger,
          org: {
            name: this.org.name,
            store: this.store,
            severalOrgs: true,
            otherOrgsMappings: this.shared.otherOrgsMappings,
            sharedFeed: this.shared.feed,
          },
        },
      );
      if (this.stopped) {
        await handle.stop();
        return undefined;
      }
      this.handle = handle;
      this.failure = undefined;
      return undefined;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.failure = { state: stateOf(error), reason };
      const delay = backoffDelay(this.attempts, { baseMs: 5_000, maxMs: 60_000 });
      this.logger.error(
        { reason, state: this.failure.state, retryInMs: delay },
        'org did not start; the other orgs go on',
      );
      if (!this.stopped) {
        this.retry = setTimeout(() => void this.start(), Math.max(1_000, delay));
        this.retry.unref();
      }
      return error;
    }
  }

  status(): ConnectorStatus {
    if (this.handle !== undefined) return { ...this.handle.status(), org: this.org.name };
    return {
      state: this.failure?.state ?? 'starting',
      org: this.org.name,
      version: CONNECTOR_VERSION,
      startedAt: this.startedAt,
      ...(this.failure === undefined ? {} : { reason: this.failure.reason }),
      salesforce: { instanceUrl: undefined, replayPositions: {}, apiUsage: undefined },
      wordpress: { url: this.config.wordpress.url },
      intake: { inFlight: 0, lagMs: undefined, eventsApplied: 0 },
      deadLetters: { open: this.store.countDeadLetters('open') },
      mappings: { loaded: [], skipped: [] },
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.handle?.stop();
  }
}
