import type { SignedRoute } from '../server/signed-routes.js';

/** What `sfwp status`, `/healthz` and the heartbeat report about a running connector. */
export type ConnectorState =
  | 'starting'
  | 'running'
  | 'paused'
  /** Intake stopped because Salesforce or WordPress refused the credentials; nothing is lost. */
  | 'authentication-failed'
  /** Intake paused until the org's API allowance resets. */
  | 'throttled'
  /** WordPress or Salesforce cannot be reached; work waits and is retried, nothing is lost. */
  | 'unavailable'
  | 'stopping'
  | 'stopped';

/** The states a problem puts the connector in until it clears. */
export type ProblemState = Extract<
  ConnectorState,
  'authentication-failed' | 'throttled' | 'unavailable'
>;

/** Reports a problem (with words an operator can act on) or, with `undefined`, that it cleared. */
export type ProblemReporter = (message: string | undefined, state?: ProblemState) => void;

export interface ConnectorStatus {
  state: ConnectorState;
  /** The org this status is of (several orgs: each entry of `orgs` names its own). */
  org?: string;
  /**
   * Several orgs: each org's own status. The top level is the first org's, with the state of
   * the whole (docs/OPERATIONS.md, several orgs).
   */
  orgs?: Record<string, ConnectorStatus>;
  version: string;
  /** The WordPress companion plugin's version, when the plugin answered at start. */
  pluginVersion?: string;
  /** Set when the plugin's major version differs from the connector's: what to do about it. */
  versionWarning?: string;
  startedAt: string;
  /** Why the state is not `running`, in words an operator can act on. */
  reason?: string;
  /** While paused: the Salesforce user id that sent Pause (`WP_Sync_Command__e.CreatedById`). */
  pausedBy?: string;
  /** That user's name, when the connector could read it. */
  pausedByName?: string;
  /** While paused: when Pause was sent (ISO 8601). A pause outlasts restarts until Resume. */
  pausedAt?: string;
  salesforce: {
    instanceUrl: string | undefined;
    /** Replay id last committed per topic (hex of the 8-byte id). */
    replayPositions: Record<string, string>;
    /** `Sforce-Limit-Info` last seen: calls used and the daily allowance. */
    apiUsage: { used: number; limit: number } | undefined;
  };
  wordpress: {
    url: string;
    /** Setup problems with the connector's WordPress account (e.g. it has unfiltered_html). */
    warnings?: string[];
  };
  intake: {
    /** Events received and not yet durable. */
    inFlight: number;
    /** Milliseconds between the newest applied event's commit in Salesforce and its application. */
    lagMs: number | undefined;
    eventsApplied: number;
  };
  /** WordPress → Salesforce through the companion plugin's change feed. */
  changeFeed?: {
    state: 'reading' | 'disabled' | 'plugin-missing';
    cursor: number;
    changesRead: number;
    recordsSynced: number;
    lastReadAt: string | undefined;
  };
  deadLetters: { open: number };
  mappings: { loaded: string[]; skipped: { mapping: string; message: string }[] };
  /** The latest drift audit's summary (`sfwp audit`, scheduled or the Audit command). */
  audit?: LatestAudit;
}

/** What the latest audit found (audit/summary.ts writes it). */
export interface LatestAudit {
  startedAt: string;
  finishedAt: string;
  trigger: string;
  pairsChecked: number;
  pairsEqual: number;
  pairsDiffering: number;
  goneLinks: number;
  unlinkedMatches: number;
  repaired: number;
  /** Mappings the audit could not finish (API budget, an error). */
  incomplete: number;
  /** Differing pairs per `Mapping.Field`. */
  differingByField: Record<string, number>;
}

/** Handle of a running connector, returned by the service's start function. */
export interface RunningConnector {
  status(): ConnectorStatus;
  /** Finishes or checkpoints in-flight work, then stops intake and closes connections. */
  stop(): Promise<void>;
  /** A signed webhook ping from the companion plugin: read the change feed now. */
  wakeChangeFeed?(): void;
  /** The signed routes the companion plugin calls (`/wordpress/*` on the status server). */
  signedRoutes?(): readonly SignedRoute[];
}
