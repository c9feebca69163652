import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConnectorState, ConnectorStatus } from '../engine/status.js';
import type { RequestRecord } from '../wordpress/types.js';
import { DEFAULT_ORG } from '../config/schema.js';

/** What happened to one Salesforce event under a mapping. */
export type EventOutcome = 'received' | 'applied' | 'skipped' | 'failed' | 'dead-lettered';

const CONNECTOR_STATES: readonly ConnectorState[] = [
  'starting',
  'running',
  'paused',
  'authentication-failed',
  'throttled',
  'unavailable',
  'stopping',
  'stopped',
];

export interface ConnectorMetricsOptions {
  /**
   * Registry to register on. Never the prom-client global one, so two connectors (or tests) in
   * one process do not share counters.
   * @defaultValue a new `Registry`
   */
  registry?: Registry;
  /**
   * Also collect the process metrics prom-client offers (`process_*`, `nodejs_*`).
   * @defaultValue true
   */
  defaultMetrics?: boolean;
}

/**
 * The connector's Prometheus metrics, all named `sfwp_*`. The service calls the `record*`
 * methods as things happen; the gauges are refreshed from a {@link ConnectorStatus} with
 * {@link ConnectorMetrics.setStatus}, which the status server does before every scrape.
 */
export class ConnectorMetrics {
  readonly registry: Registry;
  private readonly events: Counter<'org' | 'mapping' | 'outcome'>;
  private readonly wordpressRequests: Counter<'purpose' | 'method' | 'status'>;
  private readonly wordpressDuration: Histogram<'purpose'>;
  private readonly wordpressBatchedWrites: Counter;
  private readonly state: Gauge<'org' | 'state'>;
  private readonly info: Gauge<'version'>;
  private readonly startTime: Gauge;
  private readonly apiUsed: Gauge<'org'>;
  private readonly apiLimit: Gauge<'org'>;
  private readonly deadLetters: Gauge<'org'>;
  private readonly inFlight: Gauge<'org'>;
  private readonly lag: Gauge<'org'>;
  private readonly replayPosition: Gauge<'org' | 'topic' | 'replay_id'>;
  private readonly mappings: Gauge<'org' | 'status'>;
  private readonly leader: Gauge;
  private readonly leadershipChanges: Counter<'change'>;
  private readonly leaseRenewals: Counter<'result'>;
  private readonly auditPairs: Gauge<'org' | 'state'>;

  constructor(options: ConnectorMetricsOptions = {}) {
    const registry = options.registry ?? new Registry();
    this.registry = registry;
    const registers = [registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

    this.events = new Counter({
      name: 'sfwp_events_total',
      help: 'Salesforce sync events by mapping and outcome (received, applied, skipped, failed, dead-lettered).',
      labelNames: ['org', 'mapping', 'outcome'],
      registers,
    });
    this.wordpressRequests = new Counter({
      name: 'sfwp_wordpress_requests_total',
      help: 'HTTP requests to WordPress by purpose (read, lookup, write, batch, bulk, discovery, heartbeat), method and status ("none" when no response).',
      labelNames: ['purpose', 'method', 'status'],
      registers,
    });
    this.wordpressDuration = new Histogram({
      name: 'sfwp_wordpress_request_duration_seconds',
      help: 'Duration of HTTP requests to WordPress by purpose.',
      labelNames: ['purpose'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.wordpressBatchedWrites = new Counter({
      name: 'sfwp_wordpress_batched_writes_total',
      help: 'Writes carried inside /batch/v1 requests.',
      registers,
    });
    this.state = new Gauge({
      name: 'sfwp_connector_state',
      help: '1 for the state the connector is in, 0 for the others.',
      labelNames: ['org', 'state'],
      registers,
    });
    this.info = new Gauge({
      name: 'sfwp_connector_info',
      help: 'Connector version (always 1).',
      labelNames: ['version'],
      registers,
    });
    this.startTime = new Gauge({
      name: 'sfwp_connector_start_time_seconds',
      help: 'When the connector started, in Unix seconds.',
      registers,
    });
    this.apiUsed = new Gauge({
      name: 'sfwp_salesforce_api_requests_used',
      help: 'Salesforce API requests used in the current 24-hour window (Sforce-Limit-Info; NaN until known).',
      labelNames: ['org'],
      registers,
    });
    this.apiLimit = new Gauge({
      name: 'sfwp_salesforce_api_requests_limit',
      help: "The org's daily Salesforce API request allowance (Sforce-Limit-Info).",
      labelNames: ['org'],
      registers,
    });
    this.deadLetters = new Gauge({
      name: 'sfwp_dead_letters_open',
      help: 'Dead letters waiting for an operator (status open).',
      labelNames: ['org'],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'sfwp_events_in_flight',
      help: 'Events received and not yet durable.',
      labelNames: ['org'],
      registers,
    });
    this.lag = new Gauge({
      name: 'sfwp_lag_seconds',
      help: "Seconds between the newest applied event's commit in Salesforce and its application (NaN before the first).",
      labelNames: ['org'],
      registers,
    });
    this.replayPosition = new Gauge({
      name: 'sfwp_replay_position_info',
      help: 'Replay id last committed per Pub/Sub topic (always 1; the id is the replay_id label).',
      labelNames: ['org', 'topic', 'replay_id'],
      registers,
    });
    this.mappings = new Gauge({
      name: 'sfwp_mappings',
      help: 'Mappings loaded from the org, and mappings skipped because they are broken.',
      labelNames: ['org', 'status'],
      registers,
    });
    this.leader = new Gauge({
      name: 'sfwp_leader',
      help: 'Replicas on a PostgreSQL store: 1 while this replica holds the intake lease, 0 while it stands by.',
      registers,
    });
    this.leadershipChanges = new Counter({
      name: 'sfwp_leadership_changes_total',
      help: 'Intake lease acquired, lost (expired or taken over: this replica stepped down) or released (clean stop).',
      labelNames: ['change'],
      registers,
    });
    this.leaseRenewals = new Counter({
      name: 'sfwp_lease_renewals_total',
      help: 'Intake lease renewals by result (renewed, lost, error: PostgreSQL did not answer).',
      labelNames: ['result'],
      registers,
    });
    this.auditPairs = new Gauge({
      name: 'sfwp_audit_pairs',
      help: 'The latest drift audit: linked pairs checked, equal, differing; links with a side gone; unlinked matches (NaN before the first audit).',
      labelNames: ['org', 'state'],
      registers,
    });
  }

  /** The latest audit's counts: NaN until the first audit. */
  private setAudit(org: string, audit: ConnectorStatus['audit']): void {
    const counts: Record<string, number | undefined> = {
      checked: audit?.pairsChecked,
      equal: audit?.pairsEqual,
      differing: audit?.pairsDiffering,
      gone: audit?.goneLinks,
      unlinked: audit?.unlinkedMatches,
    };
    for (const [state, value] of Object.entries(counts))
      this.auditPairs.set({ org, state }, value ?? Number.NaN);
  }

  setLeader(leading: boolean): void {
    this.leader.set(leading ? 1 : 0);
  }

  recordLeadershipChange(change: 'acquired' | 'lost' | 'released'): void {
    this.leadershipChanges.inc({ change });
  }

  recordLeaseRenewal(result: 'renewed' | 'lost' | 'error'): void {
    this.leaseRenewals.inc({ result });
  }

  /** Counts one event under a mapping of an org. */
  recordEvent(mapping: string, outcome: EventOutcome, count = 1, org = DEFAULT_ORG): void {
    this.events.inc({ org, mapping, outcome }, count);
  }

  /** Pass as the WordPress client's `onRequest`: one call per HTTP request. */
  recordWordPressRequest(record: RequestRecord): void {
    this.wordpressRequests.inc({
      purpose: record.purpose,
      method: record.method.toUpperCase(),
      status: record.status === undefined ? 'none' : String(record.status),
    });
    this.wordpressDuration.observe({ purpose: record.purpose }, record.durationMs / 1000);
    if (record.batchSize !== undefined) this.wordpressBatchedWrites.inc(record.batchSize);
  }

  /** Sets every gauge from the connector's status: one label value per org it serves. */
  setStatus(status: ConnectorStatus): void {
    this.info.reset();
    this.info.set({ version: status.version }, 1);
    const started = Date.parse(status.startedAt);
    if (Number.isFinite(started)) this.startTime.set(started / 1000);
    for (const gauge of [this.state, this.apiUsed, this.apiLimit, this.deadLetters]) gauge.reset();
    for (const gauge of [this.inFlight, this.lag, this.replayPosition, this.mappings])
      gauge.reset();
    this.auditPairs.reset();
    const orgs = status.orgs ?? { [status.org ?? DEFAULT_ORG]: status };
    for (const [org, orgStatus] of Object.entries(orgs)) this.setOrgStatus(org, orgStatus);
  }

  private setOrgStatus(org: string, status: ConnectorStatus): void {
    for (const state of CONNECTOR_STATES)
      this.state.set({ org, state }, state === status.state ? 1 : 0);
    const usage = status.salesforce.apiUsage;
    // Unknown until the first Salesforce response: NaN, so no alert or ratio fires on it.
    this.apiUsed.set({ org }, usage?.used ?? Number.NaN);
    this.apiLimit.set({ org }, usage?.limit ?? Number.NaN);
    this.deadLetters.set({ org }, status.deadLetters.open);
    this.inFlight.set({ org }, status.intake.inFlight);
    const lagMs = status.intake.lagMs;
    this.lag.set({ org }, lagMs === undefined ? Number.NaN : lagMs / 1000);
    for (const [topic, replayId] of Object.entries(status.salesforce.replayPositions)) {
      this.replayPosition.set({ org, topic, replay_id: replayId }, 1);
    }
    this.mappings.set({ org, status: 'loaded' }, status.mappings.loaded.length);
    this.mappings.set({ org, status: 'skipped' }, status.mappings.skipped.length);
    this.setAudit(org, status.audit);
  }

  /** The `Content-Type` of {@link ConnectorMetrics.render}. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
