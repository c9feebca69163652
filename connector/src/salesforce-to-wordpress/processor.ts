import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { KeyedScheduler } from '../engine/keyed-scheduler.js';
import type { OutcomeReporter } from '../engine/outcome-reporter.js';
import type { PauseGate } from '../engine/pause-gate.js';
import { backoffDelay, type FailureKind } from '../engine/retry-policy.js';
import type { ProblemReporter } from '../engine/status.js';
import { applyToWordPress, type ApplyDependencies, type ApplyOutcome } from './apply.js';
import { serialise } from './event-codec.js';
import { parseSyncEvent, type SyncEvent } from './event.js';
import { recordOutcome, unappliedOutcome } from './outcome.js';

const UNREACHABLE =
  'WordPress is unreachable: events wait in flight (their replay ids uncommitted) and are retried until it answers';

/** Failures that say nothing about the record: wait for them to clear, however long. */
function isWaitable(kind: FailureKind): boolean {
  return kind === 'authentication' || kind === 'unavailable';
}

/** Longest wait between tries while WordPress is unreachable or credentials are refused. */
const WAIT_CEILING_MS = 15_000;

export interface ProcessorCounters {
  applied: number;
  lastLagMs: number | undefined;
}

export interface EventProcessorDependencies {
  /** What applying an event to WordPress reads and writes with. */
  apply: ApplyDependencies;
  /** One lane per record: two events of one record never apply at once. */
  scheduler: KeyedScheduler;
  reporter: OutcomeReporter;
  /** Pause holds new events here. */
  gate: PauseGate;
  logger: Logger;
  maxAttempts: number;
  /**
   * Called while a record waits for credentials to be fixed or for WordPress to be reachable
   * again, and with `undefined` when it went through.
   */
  onProblem: ProblemReporter;
  /** A record is linked to `wordpressId` (Salesforce may or may not hold it yet). */
  onLinked?(event: SyncEvent, wordpressId: number): void;
}

/**
 * Salesforce → WordPress, from a received event to a durable outcome: parse it, run it in its
 * record's lane, retry transient failures with backoff, wait out authentication problems and
 * outages without losing the event, and hand every outcome to the engine's reporter.
 */
export class EventProcessor {
  readonly counters: ProcessorCounters = {
    applied: 0,
    lastLagMs: undefined,
  };

  private working = 0;

  constructor(private readonly deps: EventProcessorDependencies) {}

  /**
   * Records being applied right now, not counting those sleeping between tries: the batchers
   * wait for these (and only these) to share a request.
   */
  get busy(): number {
    return this.working;
  }

  /** Resolves once the event's outcome is durable (written, skipped or dead-lettered). */
  async process(raw: Record<string, unknown>, sourceEvent: string): Promise<void> {
    await this.deps.gate.whenOpen();
    const mapping = typeof raw.Mapping__c === 'string' ? raw.Mapping__c : '(unknown)';
    this.deps.reporter.received(mapping);
    const parsed = parseSyncEvent(raw);
    if (!parsed.ok) {
      this.deps.reporter.record(
        unappliedOutcome(
          { mapping, salesforceId: parsed.recordId, operation: 'UNKNOWN' },
          'MALFORMED_EVENT',
          `Malformed WP_Sync_Event__e ${sourceEvent}: ${parsed.problem}`,
          raw,
        ),
        sourceEvent,
      );
      return;
    }
    const event = parsed.event;
    await this.deps.scheduler.run(`${event.mapping}:${event.recordId}`, async () => {
      try {
        await this.applyWithRetry(event, sourceEvent);
      } catch (error) {
        // A bug, not a record problem: keep the event as a dead letter rather than lose it.
        this.deps.reporter.record(
          unappliedOutcome(
            { mapping: event.mapping, salesforceId: event.recordId, operation: event.operation },
            'sfwp_internal_error',
            `Applying the event failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
            { event: serialise(event) },
          ),
          sourceEvent,
        );
      }
    });
  }

  async applyWithRetry(event: SyncEvent, sourceEvent: string): Promise<ApplyOutcome> {
    // Only failures of the record itself count towards maxAttempts; waits for credentials or
    // for WordPress to answer again do not.
    let attempts = 0;
    let waits = 0;
    for (;;) {
      this.working++;
      const outcome = await applyToWordPress(event, this.deps.apply).finally(() => {
        this.working--;
      });
      if (outcome.status === 'Failed' && isWaitable(outcome.kind)) {
        // Nothing is lost: the event stays in flight (its replay id uncommitted) until the
        // credentials work or WordPress answers again, however long that takes; flow control
        // stops new events meanwhile.
        this.reportWaiting(event, outcome);
        await delay(backoffDelay(++waits, { baseMs: 1000, maxMs: WAIT_CEILING_MS }, () => 1));
        continue;
      }
      attempts++;
      if (
        outcome.status !== 'Failed' ||
        outcome.kind !== 'transient' ||
        attempts >= this.deps.maxAttempts
      ) {
        this.deps.onProblem(undefined);
        this.finish(event, outcome, sourceEvent);
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

  private reportWaiting(event: SyncEvent, outcome: Extract<ApplyOutcome, { status: 'Failed' }>) {
    if (outcome.kind === 'unavailable') {
      this.deps.logger.debug(
        { mapping: event.mapping, salesforceId: event.recordId, reason: outcome.message },
        'WordPress unreachable; the event waits',
      );
      this.deps.onProblem(UNREACHABLE, 'unavailable');
    } else {
      this.deps.onProblem(outcome.message, 'authentication-failed');
    }
  }

  private finish(event: SyncEvent, outcome: ApplyOutcome, sourceEvent: string): void {
    if (event.modstamp) this.counters.lastLagMs = Date.now() - event.modstamp.getTime();
    this.deps.reporter.record(recordOutcome(event, outcome), sourceEvent);
    if (outcome.status === 'Success') {
      this.counters.applied++;
      if (!outcome.deleted) this.deps.onLinked?.(event, outcome.wordpressId);
    } else if (
      outcome.status === 'Skipped' &&
      event.operation !== 'DELETE' &&
      outcome.wordpressId !== undefined
    ) {
      this.deps.onLinked?.(event, outcome.wordpressId);
    }
  }
}
