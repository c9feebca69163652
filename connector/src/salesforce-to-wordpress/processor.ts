import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { EventOutcome } from '../observability/metrics.js';
import type { ResultPublisher } from '../salesforce/result-publisher.js';
import type { StateStore } from '../store/state-store.js';
import { applyToWordPress, type ApplyDependencies, type ApplyOutcome } from './apply.js';
import type { KeyedScheduler } from '../engine/keyed-scheduler.js';
import { backoffDelay, type FailureKind } from '../engine/retry-policy.js';
import { parseSyncEvent, type SyncEvent } from './event.js';
import { logConflicts } from '../engine/conflict-log.js';
import type { ProblemReporter } from '../engine/status.js';

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

export interface EventProcessorOptions {
  maxAttempts: number;
  /**
   * Called while a record waits for credentials to be fixed or for WordPress to be reachable
   * again, and with `undefined` when it went through.
   */
  onProblem: ProblemReporter;
  /** Counts outcomes for metrics. */
  onOutcome?(mapping: string, outcome: EventOutcome): void;
  /** A record is linked to `wordpressId` (Salesforce may or may not hold it yet). */
  onLinked?(event: SyncEvent, wordpressId: number): void;
}

/**
 * Turns one received sync event into durable work: parse it, run it in its record's lane,
 * retry transient failures with backoff, wait out authentication problems without losing the
 * event, dead-letter permanent failures, and report every outcome to Salesforce.
 */
export class EventProcessor {
  readonly counters: ProcessorCounters = {
    applied: 0,
    lastLagMs: undefined,
  };

  constructor(
    private readonly deps: ApplyDependencies,
    private readonly scheduler: KeyedScheduler,
    private readonly store: StateStore,
    private readonly results: Pick<ResultPublisher, 'add'>,
    private readonly logger: Logger,
    private readonly options: EventProcessorOptions,
  ) {}

  private gate: { promise: Promise<void>; open: () => void } | undefined;

  /** Holds new work until `resume()`; events already applying finish. Flow control does the rest. */
  pause(): void {
    if (this.gate) return;
    let open = (): void => undefined;
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.gate = { promise, open };
  }

  resume(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  get paused(): boolean {
    return this.gate !== undefined;
  }

  /** Resolves at once, or when a paused processor resumes. */
  async whenResumed(): Promise<void> {
    while (this.gate) await this.gate.promise;
  }

  /** Resolves once the event's outcome is durable (written, skipped or dead-lettered). */
  async process(raw: Record<string, unknown>, sourceEvent: string): Promise<void> {
    if (this.gate) await this.gate.promise;
    const parsed = parseSyncEvent(raw);
    this.options.onOutcome?.(
      typeof raw.Mapping__c === 'string' ? raw.Mapping__c : '(unknown)',
      'received',
    );
    if (!parsed.ok) {
      this.deadLetter(
        {
          mapping: typeof raw.Mapping__c === 'string' ? raw.Mapping__c : '(unknown)',
          recordId: parsed.recordId,
          payload: raw,
        },
        'MALFORMED_EVENT',
        `Malformed WP_Sync_Event__e ${sourceEvent}: ${parsed.problem}`,
        sourceEvent,
      );
      return;
    }
    const event = parsed.event;
    await this.scheduler.run(`${event.mapping}:${event.recordId}`, async () => {
      try {
        await this.applyWithRetry(event, sourceEvent);
      } catch (error) {
        // A bug, not a record problem: keep the event as a dead letter rather than lose it.
        this.deadLetter(
          {
            mapping: event.mapping,
            recordId: event.recordId,
            payload: { event: serialise(event) },
            operation: event.operation,
          },
          'sfwp_internal_error',
          `Applying the event failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
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
      const outcome = await applyToWordPress(event, this.deps);
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
        attempts >= this.options.maxAttempts
      ) {
        this.options.onProblem(undefined);
        this.report(event, outcome, sourceEvent);
        return outcome;
      }
      this.logger.warn(
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
      this.logger.debug(
        { mapping: event.mapping, salesforceId: event.recordId, reason: outcome.message },
        'WordPress unreachable; the event waits',
      );
      this.options.onProblem(UNREACHABLE, 'unavailable');
    } else {
      this.options.onProblem(outcome.message, 'authentication-failed');
    }
  }

  /** A command's outcome, so the admin app's log shows it. */
  reportCommand(
    payload: Record<string, unknown>,
    outcome: { ok: boolean; message: string },
    sourceEvent: string,
  ): void {
    const mapping = typeof payload.Mapping__c === 'string' ? payload.Mapping__c : undefined;
    this.results.add({
      mapping,
      recordId: undefined,
      wordpressId: undefined,
      direction: 'SalesforceToWordPress',
      status: outcome.ok ? 'Success' : 'Failed',
      message: outcome.message,
      sourceEvent,
    });
  }

  reportHeartbeat(message: string): void {
    this.results.add({
      mapping: undefined,
      recordId: undefined,
      wordpressId: undefined,
      direction: undefined,
      status: 'Heartbeat',
      message,
      sourceEvent: undefined,
    });
  }

  private report(event: SyncEvent, outcome: ApplyOutcome, sourceEvent: string): void {
    if (event.modstamp) this.counters.lastLagMs = Date.now() - event.modstamp.getTime();
    const base = {
      mapping: event.mapping,
      recordId: event.recordId,
      direction: 'SalesforceToWordPress' as const,
      sourceEvent,
    };
    if (outcome.status !== 'Failed' && outcome.conflicts && outcome.conflicts.length > 0) {
      logConflicts(
        this.logger,
        {
          direction: 'salesforce-to-wordpress',
          mapping: event.mapping,
          salesforceId: event.recordId,
          wordpressId: outcome.wordpressId,
        },
        outcome.conflicts,
      );
    }
    if (outcome.status === 'Skipped' && outcome.altered && outcome.altered.length > 0) {
      this.logger.warn(
        {
          direction: 'salesforce-to-wordpress',
          mapping: event.mapping,
          salesforceId: event.recordId,
          wordpressId: outcome.wordpressId,
          altered: outcome.altered,
        },
        'WordPress stored other values than sent',
      );
    }
    if (outcome.status !== 'Failed') {
      this.logger.info(
        {
          direction: 'salesforce-to-wordpress',
          mapping: event.mapping,
          operation: event.operation,
          salesforceId: event.recordId,
          wordpressId: outcome.wordpressId,
          outcome: outcome.status,
          changedFields: event.changedFields,
          detail: outcome.message,
        },
        'record synced',
      );
    }
    switch (outcome.status) {
      case 'Success':
        this.counters.applied++;
        this.store.settleDeadLetters({
          mapping: event.mapping,
          direction: 'salesforce-to-wordpress',
          salesforceId: event.recordId,
        });
        this.options.onOutcome?.(event.mapping, 'applied');
        if (!outcome.deleted) this.options.onLinked?.(event, outcome.wordpressId);
        this.results.add({
          ...base,
          wordpressId: outcome.wordpressId,
          status: outcome.conflicts && outcome.conflicts.length > 0 ? 'Conflict' : 'Success',
          message: outcome.message,
        });
        return;
      case 'Skipped':
        this.options.onOutcome?.(event.mapping, 'skipped');
        if (event.operation !== 'DELETE' && outcome.wordpressId !== undefined) {
          this.options.onLinked?.(event, outcome.wordpressId);
        }
        this.results.add({
          ...base,
          wordpressId: outcome.wordpressId,
          status: outcome.conflicts && outcome.conflicts.length > 0 ? 'Conflict' : 'Skipped',
          message: outcome.message,
        });
        return;
      case 'Failed':
        this.deadLetter(
          {
            mapping: event.mapping,
            recordId: event.recordId,
            wordpressId: outcome.wordpressId,
            payload: { event: serialise(event), attempted: outcome.attempted },
            operation: event.operation,
          },
          outcome.code,
          outcome.message,
          sourceEvent,
        );
    }
  }

  private deadLetter(
    entry: {
      mapping: string;
      recordId: string | undefined;
      wordpressId?: number | undefined;
      payload: unknown;
      operation?: string;
    },
    code: string,
    message: string,
    sourceEvent: string,
  ): void {
    this.options.onOutcome?.(entry.mapping, 'dead-lettered');
    this.store.addDeadLetter({
      mapping: entry.mapping,
      direction: 'salesforce-to-wordpress',
      ...(entry.recordId ? { salesforceId: entry.recordId } : {}),
      ...(entry.wordpressId === undefined ? {} : { wordpressId: entry.wordpressId }),
      operation: entry.operation ?? 'UNKNOWN',
      payload: entry.payload,
      errorCode: code,
      errorMessage: message,
    });
    this.logger.error(
      {
        direction: 'salesforce-to-wordpress',
        mapping: entry.mapping,
        salesforceId: entry.recordId,
        code,
        reason: message,
      },
      'sync failed; dead-lettered',
    );
    this.results.add({
      mapping: entry.mapping,
      recordId: entry.recordId,
      wordpressId: entry.wordpressId,
      direction: 'SalesforceToWordPress',
      status: 'Failed',
      message: `${code}: ${message}`,
      sourceEvent,
    });
  }
}

/** The event as stored in a dead letter, so a retry can run it again. */
export function serialise(event: SyncEvent): Record<string, unknown> {
  return { ...event, modstamp: event.modstamp?.toISOString() };
}

export function deserialise(stored: Record<string, unknown>): SyncEvent {
  const event = stored as unknown as SyncEvent & { modstamp?: string };
  return {
    ...event,
    modstamp: typeof event.modstamp === 'string' ? new Date(event.modstamp) : undefined,
  };
}
