import { setTimeout as delay } from 'node:timers/promises';
import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import type { KeyedScheduler } from '../engine/keyed-scheduler.js';
import type { OutcomeReporter } from '../engine/outcome-reporter.js';
import type { PauseGate } from '../engine/pause-gate.js';
import { backoffDelay, classifyFailure, type FailureKind } from '../engine/retry-policy.js';
import type { ProblemReporter } from '../engine/status.js';
import { applyLeg, type LegOutcome } from './apply.js';
import { LegBatcher } from './leg-batcher.js';
import {
  deserialiseOrgEvent,
  parseOrgEvent,
  serialiseOrgEvent,
  type OrgEvent,
} from './org-event.js';
import {
  orgRecordOutcome,
  retryPayloadOf,
  unappliedOrgOutcome,
  type OrgToOrgRetryPayload,
} from './outcome.js';
import type { Leg } from './plan.js';

/** Failures that say nothing about the record: the target org is out of reach, refuses the
 * connector's credentials, or has spent its API allowance. Wait, however long. */
function isWaitable(kind: FailureKind): boolean {
  return kind === 'authentication' || kind === 'unavailable' || kind === 'throttled';
}

const WAIT_CEILING_MS = 15_000;

/** A leg and the target org's connection it writes through. */
export interface LegRoute {
  leg: Leg;
  target: Connection;
}

export interface OrgToOrgProcessorDependencies {
  sourceOrg: string;
  /** The source org's org → org mappings, by DeveloperName. */
  routes: ReadonlyMap<string, LegRoute>;
  /** One lane per record: two events of one record never apply at once. */
  scheduler: KeyedScheduler;
  /** The source org's reporter: its dead letters and sync log. */
  reporter: OutcomeReporter;
  gate: PauseGate;
  logger: Logger;
  maxAttempts: number;
  /** Called while records wait for a target org, and with `undefined` when one went through. */
  onProblem?: ProblemReporter;
  /** Events per batch (one target read covers 1,000). */
  maxBatch?: number;
  /** Applies a batch of a leg's events; applyLeg (the target org's API) unless replaced in tests. */
  applyBatch?: (route: LegRoute, events: OrgEvent[]) => Promise<LegOutcome[]>;
}

/**
 * Org → org, from a received `WP_Sync_Event__e` of an org → org mapping to a durable outcome:
 * parse it, run it in its record's lane, batch it with the leg's other events, retry transient
 * failures, wait out an unreachable, throttled or unauthenticated target org without losing the
 * event, and hand every outcome to the source org's reporter. Same contract as
 * `EventProcessor.process`, so the org's Pub/Sub intake can route these mappings' events here.
 */
export class OrgToOrgProcessor {
  private working = 0;
  private readonly batchers = new Map<string, LegBatcher>();

  constructor(private readonly deps: OrgToOrgProcessorDependencies) {
    for (const [name, route] of deps.routes) {
      this.batchers.set(
        name,
        new LegBatcher({
          apply: (events) =>
            deps.applyBatch
              ? deps.applyBatch(route, events)
              : applyLeg(route.leg, route.target, events),
          maxBatch: deps.maxBatch ?? 1_000,
          busy: () => this.working,
        }),
      );
    }
  }

  /** Whether events of `mapping` belong here. */
  handles(mapping: string): boolean {
    return this.deps.routes.has(mapping);
  }

  /** Records being applied now, not counting those sleeping between tries. */
  get busy(): number {
    return this.working;
  }

  /** Resolves once the event's outcome is durable (written, skipped or dead-lettered). */
  async process(raw: Record<string, unknown>, sourceEvent: string): Promise<void> {
    await this.deps.gate.whenOpen();
    const mapping = typeof raw.Mapping__c === 'string' ? raw.Mapping__c : '(unknown)';
    this.deps.reporter.received(mapping);
    const parsed = parseOrgEvent(raw);
    if (!parsed.ok) {
      this.deps.reporter.record(
        unappliedOrgOutcome(
          { mapping, salesforceId: parsed.recordId, operation: 'UNKNOWN' },
          'MALFORMED_EVENT',
          `Malformed WP_Sync_Event__e ${sourceEvent}: ${parsed.problem}`,
          raw,
        ),
        sourceEvent,
      );
      return;
    }
    await this.applyEvent(parsed.event, sourceEvent);
  }

  /** Runs a dead letter's event again (`sfwp dlq retry`, Retry failed). */
  async retry(
    payload: OrgToOrgRetryPayload,
    sourceEvent?: string,
  ): Promise<LegOutcome | undefined> {
    return this.applyEvent(deserialiseOrgEvent(payload.event), sourceEvent);
  }

  /** One event, in its record's lane; its outcome is reported before this resolves. */
  async applyEvent(
    event: OrgEvent,
    sourceEvent: string | undefined,
  ): Promise<LegOutcome | undefined> {
    const route = this.deps.routes.get(event.mapping);
    if (!route) {
      this.deps.reporter.record(
        unappliedOrgOutcome(
          { mapping: event.mapping, salesforceId: event.recordId, operation: event.operation },
          'UNKNOWN_MAPPING',
          `${event.mapping} is not an org → org mapping loaded in org ${this.deps.sourceOrg}`,
          retryPayloadOf(this.deps.sourceOrg, undefined, event),
        ),
        sourceEvent,
      );
      return undefined;
    }
    return this.deps.scheduler.run(`${event.mapping}:${event.recordId}`, async () => {
      try {
        return await this.applyWithRetry(route, event, sourceEvent);
      } catch (error) {
        this.deps.reporter.record(
          unappliedOrgOutcome(
            { mapping: event.mapping, salesforceId: event.recordId, operation: event.operation },
            'sfwp_internal_error',
            `Applying the event failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
            { event: serialiseOrgEvent(event) },
          ),
          sourceEvent,
        );
        return undefined;
      }
    });
  }

  private async attempt(event: OrgEvent): Promise<LegOutcome> {
    const batcher = this.batchers.get(event.mapping);
    if (!batcher) throw new Error(`no batcher for ${event.mapping}`);
    this.working++;
    try {
      return await batcher.submit(event);
    } catch (error) {
      const kind = classifyFailure(error);
      const code = (error as { errorCode?: unknown }).errorCode;
      return {
        status: 'Failed',
        kind,
        code: typeof code === 'string' ? code : kind.toUpperCase(),
        message: error instanceof Error ? error.message : String(error),
      };
    } finally {
      this.working--;
    }
  }

  private async applyWithRetry(
    route: LegRoute,
    event: OrgEvent,
    sourceEvent: string | undefined,
  ): Promise<LegOutcome> {
    let attempts = 0;
    let waits = 0;
    for (;;) {
      const outcome = await this.attempt(event);
      if (outcome.status === 'Failed' && isWaitable(outcome.kind)) {
        this.deps.onProblem?.(
          `org ${route.leg.targetOrg}: ${outcome.message}`,
          outcome.kind === 'authentication'
            ? 'authentication-failed'
            : outcome.kind === 'throttled'
              ? 'throttled'
              : 'unavailable',
        );
        await delay(backoffDelay(++waits, { baseMs: 1000, maxMs: WAIT_CEILING_MS }, () => 1));
        continue;
      }
      attempts++;
      if (
        outcome.status !== 'Failed' ||
        outcome.kind !== 'transient' ||
        attempts >= this.deps.maxAttempts
      ) {
        if (waits > 0) this.deps.onProblem?.(undefined);
        this.deps.reporter.record(
          orgRecordOutcome(event, outcome, {
            sourceOrg: this.deps.sourceOrg,
            targetOrg: route.leg.targetOrg,
          }),
          sourceEvent,
        );
        return outcome;
      }
      this.deps.logger.warn(
        {
          mapping: event.mapping,
          salesforceId: event.recordId,
          attempt: attempts,
          reason: outcome.message,
        },
        'transient failure; retrying',
      );
      await delay(backoffDelay(attempts));
    }
  }
}
