import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { DeadLetter } from '../store/state-store.js';
import { FORM_SUBMISSION_TYPE, flowsIn, type ObjectMapping } from '../mapping/types.js';
import { deserialise } from '../salesforce-to-wordpress/event-codec.js';
import { fullSync } from '../salesforce-to-wordpress/backfill.js';
import { eventFromRecord } from '../salesforce-to-wordpress/record-events.js';
import { applyToSalesforce } from '../wordpress-to-salesforce/apply.js';
import { formSubmissionApplier } from '../wordpress-to-salesforce/forms/form-applier.js';
import { reportToWordPress } from '../wordpress-to-salesforce/forms/result-report.js';
import { applyWithRetries } from '../wordpress-to-salesforce/retrying-apply.js';
import type { SyncEvent } from '../salesforce-to-wordpress/event.js';
import type { Runtime } from './runtime.js';
import { isOrgToOrgRetryPayload } from '../salesforce-to-salesforce/index.js';
import { recordOutcome } from '../wordpress-to-salesforce/outcome.js';
import { userName } from '../salesforce/user-name.js';
import { isSalesforceId } from '../salesforce/record-id.js';
import { queryRecordById, queryRecordsByIds } from '../salesforce/record-queries.js';
import { commandAuthor } from '../engine/pause.js';
import { auditOnce } from '../audit/audit-schedule.js';
import { describeSummary } from '../audit/summary.js';

export const COMMAND_TOPIC = '/event/WP_Sync_Command__e';
export const COMMANDS = [
  'ResyncRecord',
  'ResyncMapping',
  'ReloadMappings',
  'RetryFailed',
  'Pause',
  'Resume',
  'Audit',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CommandOutcome {
  ok: boolean;
  message: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Applies a dead letter's record again; true when it went through. The record is read from
 * Salesforce afresh (someone may have fixed it there since it failed); the stored event is used
 * for deletes and for records Salesforce no longer has. A new failure files a new dead letter
 * (or bumps the open one) through the usual path.
 */
export async function retryDeadLetter(runtime: Runtime, letter: DeadLetter): Promise<boolean> {
  if (letter.direction === 'wordpress-to-salesforce') return retryToSalesforce(runtime, letter);
  if (isOrgToOrgRetryPayload(letter.payload)) {
    const orgToOrg = runtime.orgToOrg();
    if (orgToOrg === undefined) return false;
    const outcome = await orgToOrg.retry(
      letter.payload,
      `retry of dead letter ${String(letter.id)}`,
    );
    return outcome !== undefined && outcome.status !== 'Failed';
  }
  const stored = (letter.payload as { event?: Record<string, unknown> } | null)?.event;
  if (!stored) return false;
  const storedEvent = deserialise(stored);
  let current: SyncEvent | undefined;
  try {
    current = await currentEvent(runtime, storedEvent);
  } catch {
    return false; // Salesforce cannot be read now: still failing, try again later.
  }
  const event = current ?? storedEvent;
  const outcome = await runtime.scheduler.run(`${event.mapping}:${event.recordId}`, () =>
    runtime.processor.applyWithRetry(event, `retry of dead letter ${letter.id}`),
  );
  return outcome.status !== 'Failed';
}

/** The record as Salesforce holds it now, as an event; undefined for deletes and gone records. */
async function currentEvent(runtime: Runtime, event: SyncEvent): Promise<SyncEvent | undefined> {
  const mapping = runtime.mappings().get(event.mapping);
  if (!mapping || event.operation === 'DELETE' || !isSalesforceId(event.recordId)) return undefined;
  const record = await queryRecordById(runtime.session.connection, mapping, event.recordId);
  return record ? eventFromRecord(mapping, record) : undefined;
}

/**
 * Reads the WordPress object again and writes it to Salesforce (every mapped field); a form
 * submission goes through the form pipeline (dedupe by email, routing) as it did the first time.
 */
async function retryToSalesforce(runtime: Runtime, letter: DeadLetter): Promise<boolean> {
  const mapping = runtime.mappings().get(letter.mapping);
  if (!mapping || letter.wordpressId === undefined) return false;
  const applyForms =
    mapping.wordpressType === FORM_SUBMISSION_TYPE ? formSubmissionApplier(runtime) : undefined;
  const [outcome] = await applyWithRetries(
    mapping,
    [{ id: letter.wordpressId, operation: letter.operation === 'delete' ? 'delete' : 'update' }],
    (items) =>
      applyForms
        ? applyForms(mapping, items)
        : applyToSalesforce(mapping, items, runtime.salesforceApply, { forceWrite: true }),
    { logger: runtime.logger, maxAttempts: runtime.config.sync.maxAttempts, wait: delay },
  );
  if (!outcome) return false;
  runtime.reporter.record(
    recordOutcome(mapping, outcome),
    `retry of dead letter ${String(letter.id)}`,
  );
  if (applyForms)
    void reportToWordPress(runtime.wordpress.formSubmissions, outcome, runtime.logger);
  return outcome.status !== 'Failed';
}

/**
 * Runs the open dead letters again (of one mapping, and only the given records when the
 * command names some); entries that now succeed are marked retried.
 */
async function retryFailed(
  runtime: Runtime,
  mapping: string | undefined,
  recordIds: string[],
): Promise<CommandOutcome> {
  const wanted = new Set(recordIds);
  const letters = runtime.store
    .listDeadLetters({ status: 'open', ...(mapping ? { mapping } : {}), limit: 10_000 })
    .filter(
      (letter) =>
        wanted.size === 0 ||
        (letter.salesforceId !== undefined && wanted.has(letter.salesforceId)) ||
        (letter.wordpressId !== undefined && wanted.has(String(letter.wordpressId))),
    );
  let fixed = 0;
  for (const letter of letters) {
    if (await retryDeadLetter(runtime, letter)) {
      runtime.store.setDeadLetterStatus(letter.id, 'retried');
      fixed++;
    }
  }
  const still = letters.length - fixed;
  return { ok: still === 0, message: `RetryFailed: ${fixed} fixed, ${still} still failing` };
}

/** Reads the records from Salesforce and applies them as updates. */
async function resyncRecords(
  runtime: Runtime,
  ids: string[],
  mapping: ObjectMapping | undefined,
): Promise<CommandOutcome> {
  const invalid = ids.filter((id) => !isSalesforceId(id));
  if (invalid.length > 0)
    return { ok: false, message: `ResyncRecord: not Salesforce ids: ${invalid.join(', ')}` };
  const candidates = mapping ? [mapping] : [...runtime.mappings().values()];
  let applied = 0;
  for (const candidate of candidates) {
    if (!candidate.active || !flowsIn(candidate.direction, 'salesforce-to-wordpress')) continue;
    const records = await queryRecordsByIds(runtime.session.connection, candidate, ids);
    for (const record of records) {
      const event = eventFromRecord(candidate, record, { forceWrite: true });
      await runtime.scheduler.run(`${event.mapping}:${event.recordId}`, () =>
        runtime.processor.applyWithRetry(event, 'ResyncRecord'),
      );
      applied++;
    }
  }
  return {
    ok: applied > 0,
    message: `ResyncRecord: ${applied} of ${ids.length} records re-applied`,
  };
}

function recordIdsOf(payload: Record<string, unknown>): string[] {
  return (text(payload.Record_Ids__c) ?? '').split(/[,\s]+/).filter(Boolean);
}

/**
 * Executes one `WP_Sync_Command__e` from the admin app. Every command ends with an outcome the
 * caller reports back to Salesforce; nothing here throws for a bad command.
 */
export async function executeCommand(
  payload: Record<string, unknown>,
  runtime: Runtime,
  logger: Logger,
): Promise<CommandOutcome> {
  const command = text(payload.Command__c);
  const mappingName = text(payload.Mapping__c);
  const mapping = mappingName ? runtime.mappings().get(mappingName) : undefined;
  if (mappingName && !mapping)
    return { ok: false, message: `${String(command)}: no loaded mapping named ${mappingName}` };
  const sentBy = text(payload.CreatedById);
  logger.info(
    { command, mapping: mappingName, ...(sentBy === undefined ? {} : { sentBy }) },
    'command received',
  );
  try {
    switch (command) {
      case 'ReloadMappings':
        await runtime.reloadMappings();
        return {
          ok: true,
          message: `ReloadMappings: ${[...runtime.mappings().keys()].join(', ')} loaded, ${runtime.mappingProblems().length} skipped`,
        };
      case 'Pause': {
        const author = commandAuthor(payload);
        const name = await userName(runtime.session.connection, author.pausedBy);
        runtime.pause.pause(name === undefined ? author : { ...author, pausedByName: name });
        const { pausedBy, pausedByName, pausedAt } = runtime.pause.info ?? author;
        return {
          ok: true,
          message: `Pause: intake paused${pausedBy === undefined ? '' : ` by ${pausedByName ?? pausedBy}`} at ${pausedAt}; changes wait in the event bus and the WordPress change feed until Resume`,
        };
      }
      case 'Resume': {
        const was = runtime.pause.info;
        runtime.pause.resume();
        return {
          ok: true,
          message:
            was === undefined
              ? 'Resume: intake was not paused'
              : `Resume: intake resumed (paused since ${was.pausedAt})`,
        };
      }
      case 'RetryFailed':
        return await retryFailed(runtime, mappingName, recordIdsOf(payload));
      case 'ResyncRecord': {
        const ids = recordIdsOf(payload);
        if (ids.length === 0) return { ok: false, message: 'ResyncRecord: Record_Ids__c is empty' };
        return await resyncRecords(runtime, ids, mapping);
      }
      case 'Audit': {
        const summary = await auditOnce(runtime, {
          trigger: 'command',
          ...(mappingName === undefined ? {} : { mapping: mappingName }),
          logRow: false,
        });
        return summary
          ? { ok: summary.incomplete === 0, message: describeSummary(summary) }
          : { ok: false, message: 'Audit: an audit is already running' };
      }
      case 'ResyncMapping': {
        if (!mapping) return { ok: false, message: 'ResyncMapping: Mapping__c is required' };
        const { progress } = await fullSync(mapping, {
          connection: runtime.session.connection,
          wordpress: runtime.wordpress,
          store: runtime.store,
          scheduler: runtime.scheduler,
          logger,
          apply: (event) =>
            runtime.processor.applyWithRetry({ ...event, forceWrite: true }, 'ResyncMapping'),
        });
        return {
          ok: progress.failed === 0,
          message: `ResyncMapping ${mapping.name}: ${JSON.stringify(progress)}`,
        };
      }
      default:
        return {
          ok: false,
          message: `Unknown command '${String(command)}' (known: ${COMMANDS.join(', ')})`,
        };
    }
  } catch (error) {
    return { ok: false, message: `${String(command)} failed: ${(error as Error).message}` };
  }
}
