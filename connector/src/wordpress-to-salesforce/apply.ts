import { sameValue } from '../mapping/content-hash.js';
import {
  describeConflicts,
  planFirstContact,
  planMerge,
  type FieldConflict,
} from '../mapping/merge.js';
import { mapToSalesforce } from '../mapping/to-salesforce.js';
import { mapToWordPress } from '../mapping/to-wordpress.js';
import { fieldsFlowing, pickFields, type ObjectMapping } from '../mapping/types.js';
import type {
  RecordResult,
  SalesforceRecord,
  SalesforceRecordGateway,
} from '../salesforce/record-gateway.js';
import type { IdLink, StateStore, SyncState } from '../store/state-store.js';
import type { WordPressClient } from '../wordpress/client.js';
import type { ChangeOperation } from '../wordpress/companion-plugin.js';
import {
  STALE_WRITE_CODE,
  USER_TYPE,
  versionOf,
  type WordPressFields,
  type WordPressObject,
  type WriteOperation,
} from '../wordpress/types.js';
import { readObjectsById } from '../engine/read-batcher.js';
import { recordKey, type RecordLocks } from '../engine/record-locks.js';
import { classifyRecordError, type FailureKind } from '../engine/retry-policy.js';
import { describeAltered, storedDifferently } from '../mapping/stored-values.js';
import { salesforceDateTime, wordPressChangedAt } from '../engine/timestamps.js';

/** One WordPress object to bring to Salesforce: its id and what last happened to it. */
export interface WordPressChangeItem {
  id: number;
  operation: ChangeOperation;
  /** When WordPress recorded the change (the feed row's time); NewestWins compares it. */
  changedAt?: Date;
}

export type SalesforceOutcome = {
  wordpressId: number;
  salesforceId: string | undefined;
  operation: 'create' | 'update' | 'delete';
  message: string;
  conflicts: FieldConflict[];
  /** Nothing mapped changed (an echo or an unmapped edit): logged at debug, not reported. */
  quiet?: boolean;
  /** Salesforce fields written. */
  changedFields?: string[];
  /** In a dry run: what would happen, and the values Salesforce would get. */
  planned?: { action: 'create' | 'link' | 'update'; values: Record<string, unknown> };
} & (
  | { status: 'Success' | 'Skipped' }
  | { status: 'Failed'; code: string; kind: FailureKind; attempted: unknown }
);

export interface SalesforceApplyDependencies {
  /** Keeps the Salesforce → WordPress path off these records while this batch works on them. */
  locks?: RecordLocks;
  /** The connector's own WordPress user: a service account, never a Contact. */
  connectorUserId?: number;
  wordpress: Pick<WordPressClient, 'list' | 'writeMany'>;
  salesforce: Pick<
    SalesforceRecordGateway,
    'upsert' | 'update' | 'destroy' | 'retrieve' | 'findBy'
  >;
  store: StateStore;
}

export interface SalesforceApplyOptions {
  /** Write every mapped field, even when nothing seems changed (full sync, retry). */
  forceWrite?: boolean;
  /** Plan only: report what would be written, write nothing, record nothing. */
  dryRun?: boolean;
  /**
   * From `sfwp sync --full --direction wp-to-sf`: a Salesforce record met for the first time
   * takes WordPress's values (the operator asked Salesforce to match WordPress) instead of the
   * newest-wins merge live changes get.
   */
  backfill?: boolean;
  /** The objects, when the caller has just read them (a backfill lists them page by page). */
  objects?: ReadonlyMap<number, WordPressObject>;
}

const DELETED_CODES = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'NOT_FOUND']);

interface Plan {
  item: WordPressChangeItem;
  object: WordPressObject;
  link: IdLink | undefined;
  /** The Salesforce record to update by Id (linked or matched, Salesforce may lack the external id). */
  updateId: string | undefined;
  /** Values for Salesforce (only what should change; every inbound field on create). */
  values: Record<string, unknown>;
  /** WordPress's mapped values now. */
  wordpressValues: Record<string, unknown>;
  /** Salesforce fields to copy to WordPress (merge and conflicts). */
  toWordPress: Set<string>;
  salesforceRow: SalesforceRecord | undefined;
  conflicts: FieldConflict[];
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function recordFailure(result: RecordResult): { code: string; message: string; kind: FailureKind } {
  const error = result.errors[0];
  const code = error?.statusCode ?? 'UNKNOWN_ERROR';
  const fields = error && error.fields.length > 0 ? ` (${error.fields.join(', ')})` : '';
  return {
    code,
    message: `${error?.message ?? 'Salesforce refused the record'}${fields}`,
    kind: classifyRecordError(code),
  };
}

/**
 * Brings a batch of changed WordPress objects of one mapping to Salesforce: reads their
 * current state in pages (`include=`), maps it, merges it with Salesforce's current values
 * where both sides may have changed (conflicts resolved by the mapping's policy, disjoint
 * edits merged), and writes with sObject Collections — upserts on the external id field, 200
 * records a call, each record's result handled on its own. Deletes follow the delete policy.
 * Call-level failures (Salesforce or WordPress unreachable, session, limits) throw, so the
 * caller can retry the batch without having recorded anything for it.
 */
export async function applyToSalesforce(
  mapping: ObjectMapping,
  items: readonly WordPressChangeItem[],
  deps: SalesforceApplyDependencies,
  options: SalesforceApplyOptions = {},
): Promise<SalesforceOutcome[]> {
  if (!deps.locks || options.dryRun) return applyUnlocked(mapping, items, deps, options);
  return deps.locks.run(
    items.map((item) => recordKey(mapping.name, item.id)),
    () => applyUnlocked(mapping, items, deps, options),
  );
}

async function applyUnlocked(
  mapping: ObjectMapping,
  items: readonly WordPressChangeItem[],
  deps: SalesforceApplyDependencies,
  options: SalesforceApplyOptions,
): Promise<SalesforceOutcome[]> {
  const own = mapping.wordpressType === USER_TYPE ? deps.connectorUserId : undefined;
  const ownOutcomes: SalesforceOutcome[] = items
    .filter((item) => item.id === own)
    .map((item) => ({
      status: 'Skipped',
      wordpressId: item.id,
      salesforceId: undefined,
      operation: 'update',
      message: "The connector's own WordPress user is not synced",
      conflicts: [],
      quiet: true,
    }));
  const wanted = items.filter((item) => item.id !== own);
  const deletes = wanted.filter(
    (item) => item.operation === 'delete' || item.operation === 'trash',
  );
  const upserts = wanted.filter((item) => !deletes.includes(item));
  const outcomes: SalesforceOutcome[] = [...ownOutcomes];
  outcomes.push(...(await applyDeletes(mapping, deletes, deps, options)));
  if (upserts.length === 0) return outcomes;

  const objects =
    options.objects ??
    (await readObjectsById(
      deps.wordpress,
      mapping.wordpressType,
      upserts.map((item) => item.id),
    ));
  const plans: Plan[] = [];
  for (const item of upserts) {
    const object = objects.get(item.id);
    if (!object) {
      outcomes.push({
        status: 'Skipped',
        wordpressId: item.id,
        salesforceId: deps.store.findByWordPressId(mapping.name, item.id)?.salesforceId,
        operation: 'update',
        message: `WordPress ${mapping.wordpressType} ${item.id} no longer exists (its delete is a change of its own)`,
        conflicts: [],
      });
      continue;
    }
    const link = deps.store.findByWordPressId(mapping.name, item.id);
    const mapped = withoutSanitisedBlanks(mapToSalesforce(mapping, object), link);
    if (mapped.problems.length > 0) {
      outcomes.push({
        status: 'Failed',
        code: mapped.problems[0]?.code ?? 'INVALID_VALUE',
        kind: 'permanent',
        message: mapped.problems.map((problem) => problem.message).join('; '),
        attempted: { type: mapping.wordpressType, id: item.id, operation: item.operation },
        wordpressId: item.id,
        salesforceId: link?.salesforceId,
        operation: link ? 'update' : 'create',
        conflicts: [],
      });
      continue;
    }
    plans.push({
      item,
      object,
      link,
      updateId: link && !link.salesforceHasWordPressId ? link.salesforceId : undefined,
      values: mapped.values,
      wordpressValues: mapped.values,
      toWordPress: new Set(),
      salesforceRow: undefined,
      conflicts: [],
    });
  }

  outcomes.push(
    ...(await matchExistingRecords(mapping, plans, deps, options.backfill || options.forceWrite)),
  );
  const skipped = await mergeWithSalesforce(mapping, plans, deps, options);
  outcomes.push(...skipped.outcomes);
  const writing = plans.filter((plan) => !skipped.plans.has(plan));
  if (options.dryRun) {
    outcomes.push(...writing.map((plan) => dryRunOutcome(mapping, plan)));
    return outcomes;
  }
  outcomes.push(...(await writePlans(mapping, writing, deps)));
  return outcomes;
}

/**
 * A required field WordPress holds blank, on a linked record whose agreed WordPress value was
 * blank already, is not a change anyone made: WordPress sanitised the value Salesforce sent
 * away (a name that was only markup, say). It must neither blank the Salesforce record nor
 * block the record's other fields, so it is left out instead of failing the record.
 */
function withoutSanitisedBlanks(
  mapped: ReturnType<typeof mapToSalesforce>,
  link: IdLink | undefined,
): ReturnType<typeof mapToSalesforce> {
  const agreed = link?.syncState?.wordpress;
  if (!agreed || mapped.problems.length === 0) return mapped;
  const problems = mapped.problems.filter(
    (problem) =>
      problem.code !== 'REQUIRED_FIELD_MISSING' || !sameValue(agreed[problem.field], null),
  );
  return { values: mapped.values, problems };
}

/**
 * Unlinked objects whose match value (e.g. email) finds a Salesforce record nobody else owns.
 * A value that finds several such records is ambiguous: the object is not linked to any of
 * them (nor is a further duplicate created); it fails with DUPLICATE_MATCH naming them, and is
 * removed from `plans`.
 */
async function matchExistingRecords(
  mapping: ObjectMapping,
  plans: Plan[],
  deps: SalesforceApplyDependencies,
  wordpressWins = false,
): Promise<SalesforceOutcome[]> {
  const matchField = mapping.matchField;
  if (!matchField) return [];
  const unlinked = plans.filter((plan) => !plan.link && textOf(plan.values[matchField]));
  if (unlinked.length === 0) return [];
  const rows = await deps.salesforce.findBy(
    mapping.salesforceObject,
    matchField,
    unlinked.map((plan) => textOf(plan.values[matchField]) ?? ''),
    [
      ...new Set([
        mapping.externalIdField,
        ...mapping.fields.map((field) => field.salesforceField),
        'SystemModstamp',
      ]),
    ],
  );
  const byValue = new Map<string, SalesforceRecord[]>();
  for (const row of rows) {
    const value = textOf(row[matchField])?.toLowerCase();
    // A record another WordPress object already owns is never taken over.
    const owned = typeof row.Id === 'string' && deps.store.findBySalesforceId(mapping.name, row.Id);
    if (value && !owned && typeof row.Id === 'string')
      byValue.set(value, [...(byValue.get(value) ?? []), row]);
  }
  const failures: SalesforceOutcome[] = [];
  for (const plan of unlinked) {
    const value = textOf(plan.values[matchField])?.toLowerCase();
    const candidates = value ? byValue.get(value) : undefined;
    if (!candidates || candidates.length === 0) continue;
    if (candidates.length > 1) {
      plans.splice(plans.indexOf(plan), 1);
      failures.push({
        status: 'Failed',
        code: 'DUPLICATE_MATCH',
        kind: 'permanent',
        message: `${candidates.length} ${mapping.salesforceObject} records have ${matchField} ${JSON.stringify(textOf(plan.values[matchField]))} (${candidates.map((row) => String(row.Id)).join(', ')}); merge them or set ${mapping.externalIdField} on the right one, then retry`,
        attempted: plan.values,
        wordpressId: plan.item.id,
        salesforceId: undefined,
        operation: 'create',
        conflicts: [],
      });
      continue;
    }
    const row = candidates[0];
    if (!row) continue;
    plan.updateId = String(row.Id);
    byValue.delete(value ?? '');
    if (!wordpressWins) meetSalesforce(mapping, plan, row);
  }
  return failures;
}

/**
 * An object meeting an existing Salesforce record with no agreed values (matched by email, or
 * a crash lost the link after the record was written): merged without a base, so WordPress's
 * values overwrite only fields it changed more recently (`planFirstContact`), and fields
 * Salesforce changed more recently go to WordPress.
 */
function meetSalesforce(mapping: ObjectMapping, plan: Plan, row: SalesforceRecord): void {
  const merge = planFirstContact(
    mapping,
    { values: row, changedAt: salesforceDateTime(row.SystemModstamp) },
    {
      values: plan.wordpressValues,
      changedAt: plan.item.changedAt ?? wordPressChangedAt(plan.object),
    },
  );
  plan.salesforceRow = row;
  plan.conflicts = merge.conflicts;
  plan.toWordPress = merge.toWordPress;
  plan.values = pickFields(plan.wordpressValues, [...merge.toSalesforce]);
}

/**
 * Linked records with agreed values: fields WordPress changed since are found locally (an echo
 * of the connector's own write, or an edit of unmapped fields, costs no Salesforce call). On
 * mappings that also carry Salesforce changes to WordPress, what remains is merged against
 * Salesforce's current values (one Collections read per 2,000 records). Returns the plans that
 * need no write.
 */
async function mergeWithSalesforce(
  mapping: ObjectMapping,
  plans: Plan[],
  deps: SalesforceApplyDependencies,
  options: SalesforceApplyOptions,
): Promise<{ plans: Set<Plan>; outcomes: SalesforceOutcome[] }> {
  const nothingToDo = new Set<Plan>();
  const outcomes: SalesforceOutcome[] = [];
  const merging: Plan[] = [];
  for (const plan of plans) {
    const state = plan.link?.syncState;
    if (!state || options.forceWrite) continue;
    const changed = fieldsFlowing(mapping, 'wordpress-to-salesforce').filter(
      (field) => field in plan.values && !sameValue(plan.values[field], state.wordpress[field]),
    );
    if (changed.length === 0) {
      nothingToDo.add(plan);
      outcomes.push(unchanged(mapping, plan));
    } else if (fieldsFlowing(mapping, 'salesforce-to-wordpress').length > 0) merging.push(plan);
    else plan.values = pickFields(plan.values, changed);
  }
  if (merging.length === 0) return { plans: nothingToDo, outcomes };

  const rows = await deps.salesforce.retrieve(
    mapping.salesforceObject,
    merging.map((plan) => plan.link?.salesforceId ?? ''),
    [...new Set([...mapping.fields.map((field) => field.salesforceField), 'SystemModstamp'])],
  );
  for (const plan of merging) {
    const link = plan.link;
    const state = link?.syncState;
    if (!link || !state) continue;
    const row = rows.get(link.salesforceId);
    if (!row) {
      // Deleted in Salesforce while edited in WordPress: the WordPress edit brings it back.
      if (!options.dryRun) deps.store.unlink(mapping.name, link.salesforceId);
      plan.link = undefined;
      plan.updateId = undefined;
      continue;
    }
    plan.salesforceRow = row;
    const merge = planMerge(
      mapping,
      state,
      { values: row, changedAt: salesforceDateTime(row.SystemModstamp) },
      {
        values: plan.wordpressValues,
        changedAt: plan.item.changedAt ?? wordPressChangedAt(plan.object),
      },
    );
    plan.conflicts = merge.conflicts;
    plan.toWordPress = merge.toWordPress;
    plan.values = pickFields(plan.wordpressValues, [...merge.toSalesforce]);
    if (merge.toSalesforce.size === 0 && merge.toWordPress.size === 0) {
      nothingToDo.add(plan);
      outcomes.push({ ...unchanged(mapping, plan), quiet: false });
    }
  }
  return { plans: nothingToDo, outcomes };
}

function unchanged(mapping: ObjectMapping, plan: Plan): SalesforceOutcome {
  return {
    status: 'Skipped',
    wordpressId: plan.item.id,
    salesforceId: plan.link?.salesforceId,
    operation: 'update',
    message: `No mapped field of WordPress ${mapping.wordpressType} ${plan.item.id} changed since the last sync`,
    conflicts: [],
    quiet: true,
  };
}

function dryRunOutcome(mapping: ObjectMapping, plan: Plan): SalesforceOutcome {
  const target = plan.link?.salesforceId ?? plan.updateId;
  return {
    status: 'Skipped',
    wordpressId: plan.item.id,
    salesforceId: target,
    operation: target ? 'update' : 'create',
    planned: {
      action: plan.link ? 'update' : plan.updateId ? 'link' : 'create',
      values: plan.values,
    },
    message: `Dry run: would ${target ? `update ${mapping.salesforceObject} ${target}` : `create a ${mapping.salesforceObject}`} with ${JSON.stringify(plan.values)}`,
    conflicts: plan.conflicts,
  };
}

/** Collections writes (upserts by external id, updates by Id), then WordPress's merged fields. */
async function writePlans(
  mapping: ObjectMapping,
  plans: Plan[],
  deps: SalesforceApplyDependencies,
): Promise<SalesforceOutcome[]> {
  const byId = plans.filter((plan) => plan.updateId !== undefined);
  const byExternalId = plans.filter((plan) => plan.updateId === undefined);
  const externalId = (plan: Plan): Record<string, unknown> => ({
    [mapping.externalIdField]: String(plan.item.id),
  });
  const results = new Map<Plan, RecordResult>();
  const toSalesforce = (plan: Plan): boolean =>
    Object.keys(plan.values).length > 0 || plan.link === undefined || plan.updateId !== undefined;
  const upserting = byExternalId.filter(toSalesforce);
  const updating = byId.filter(toSalesforce);
  recordPendingWrites(mapping, [...upserting, ...updating], deps.store);
  if (upserting.length > 0) {
    const saved = await deps.salesforce.upsert(
      mapping.salesforceObject,
      mapping.externalIdField,
      upserting.map((plan) => ({ ...plan.values, ...externalId(plan) })),
    );
    upserting.forEach((plan, index) => {
      const result = saved[index];
      if (result) results.set(plan, result);
    });
  }
  if (updating.length > 0) {
    const saved = await deps.salesforce.update(
      mapping.salesforceObject,
      updating.map((plan) => ({ Id: plan.updateId, ...plan.values, ...externalId(plan) })),
    );
    updating.forEach((plan, index) => {
      const result = saved[index];
      if (result) results.set(plan, result);
    });
  }

  const wordpressWrites = await writeMergedFieldsToWordPress(mapping, plans, results, deps);
  return plans.map((plan) => {
    const result = results.get(plan);
    const salesforceId = result?.id ?? plan.updateId ?? plan.link?.salesforceId;
    const operation: SalesforceOutcome['operation'] =
      result?.created === true ? 'create' : plan.link || plan.updateId ? 'update' : 'create';
    if (result && !result.success) {
      const failure = recordFailure(result);
      return {
        status: 'Failed',
        ...failure,
        attempted: plan.values,
        wordpressId: plan.item.id,
        salesforceId: plan.link?.salesforceId ?? plan.updateId,
        operation,
        conflicts: plan.conflicts,
      };
    }
    const written = wordpressWrites.get(plan);
    if (written && !written.ok) {
      return {
        status: 'Failed',
        code: written.code,
        kind: written.kind,
        message: `Salesforce updated, but writing the merged fields to WordPress failed: ${written.message}`,
        attempted: written.attempted,
        wordpressId: plan.item.id,
        salesforceId,
        operation,
        conflicts: plan.conflicts,
      };
    }
    if (salesforceId === undefined) {
      return {
        status: 'Failed',
        code: 'NO_RECORD_ID',
        kind: 'transient',
        message: 'Salesforce returned no record id',
        attempted: plan.values,
        wordpressId: plan.item.id,
        salesforceId,
        operation,
        conflicts: plan.conflicts,
      };
    }
    recordAgreement(
      mapping,
      plan,
      salesforceId,
      written?.ok ? written.object : undefined,
      deps,
      written?.ok === true && written.stale === true,
    );
    const fields = Object.keys(plan.values);
    const parts = [
      `${operation === 'create' ? 'Created' : 'Updated'} ${mapping.salesforceObject} ${salesforceId}` +
        (fields.length > 0 && operation !== 'create' ? ` (${fields.join(', ')})` : ''),
    ];
    if (written?.ok && written.stale)
      parts.push(
        `WordPress changed meanwhile, so it did not get ${[...plan.toWordPress].join(', ')} from Salesforce now: its newer edit follows through the change feed and is merged then`,
      );
    else if (plan.toWordPress.size > 0)
      parts.push(`WordPress got ${[...plan.toWordPress].join(', ')} from Salesforce`);
    const altered =
      written?.ok && written.object && written.sent
        ? storedDifferently(mapping, written.sent, written.object)
        : [];
    if (altered.length > 0) parts.push(describeAltered(altered));
    if (plan.conflicts.length > 0) parts.push(`conflicts: ${describeConflicts(plan.conflicts)}`);
    return {
      // WordPress did not take Salesforce's value for some field: not a success for it.
      status: altered.length > 0 ? 'Skipped' : 'Success',
      wordpressId: plan.item.id,
      salesforceId,
      operation,
      message: parts.join('; '),
      conflicts: plan.conflicts,
      changedFields: fields,
    };
  });
}

/**
 * Before writing linked records, what the writes will make both sides hold: a crash between a
 * write and its recorded agreement must not turn the connector's own write into someone's
 * change at the next merge (see `SyncState.pending`).
 */
function recordPendingWrites(mapping: ObjectMapping, plans: Plan[], store: StateStore): void {
  const pending = plans.filter(
    (plan) => plan.link?.syncState !== undefined && Object.keys(plan.values).length > 0,
  );
  if (pending.length === 0) return;
  store.transaction(() => {
    for (const plan of pending) {
      const link = plan.link;
      if (!link?.syncState) continue;
      store.recordSyncState(mapping.name, link.salesforceId, {
        ...link.syncState,
        pending: {
          target: 'salesforce',
          salesforce: plan.values,
          wordpress: pickFields(plan.wordpressValues, Object.keys(plan.values)),
        },
      });
    }
  });
}

type WordPressWriteOutcome =
  /** `stale`: refused because a person changed the object after it was read. */
  | { ok: true; object: WordPressObject | undefined; stale?: boolean; sent?: WordPressFields }
  | { ok: false; code: string; kind: FailureKind; message: string; attempted: unknown };

async function writeMergedFieldsToWordPress(
  mapping: ObjectMapping,
  plans: Plan[],
  results: ReadonlyMap<Plan, RecordResult>,
  deps: SalesforceApplyDependencies,
): Promise<Map<Plan, WordPressWriteOutcome>> {
  const outcomes = new Map<Plan, WordPressWriteOutcome>();
  const writes: { plan: Plan; operation: WriteOperation }[] = [];
  for (const plan of plans) {
    const saved = results.get(plan);
    if (plan.toWordPress.size === 0 || !plan.salesforceRow || (saved && !saved.success)) continue;
    const payload = mapToWordPress(mapping, plan.salesforceRow, plan.toWordPress);
    if (payload.problems.length > 0) {
      outcomes.set(plan, {
        ok: false,
        code: payload.problems[0]?.code ?? 'INVALID_VALUE',
        kind: 'permanent',
        message: payload.problems.map((problem) => problem.message).join('; '),
        attempted: plan.salesforceRow,
      });
      continue;
    }
    writes.push({
      plan,
      operation: {
        kind: 'update',
        type: mapping.wordpressType,
        id: plan.item.id,
        fields: payload.fields,
        ...(versionOf(plan.object) === undefined ? {} : { ifVersion: versionOf(plan.object) }),
      },
    });
  }
  if (writes.length === 0) return outcomes;
  const written = await deps.wordpress.writeMany(writes.map((write) => write.operation));
  writes.forEach((write, index) => {
    const result = written[index];
    if (result?.ok)
      outcomes.set(write.plan, {
        ok: true,
        object: result.object,
        ...(write.operation.kind === 'update' ? { sent: write.operation.fields } : {}),
      });
    else if (result?.error.code === STALE_WRITE_CODE)
      outcomes.set(write.plan, { ok: true, object: undefined, stale: true });
    else
      outcomes.set(write.plan, {
        ok: false,
        code: result?.error.code ?? 'sfwp_internal',
        kind: result?.error.retryable ? 'transient' : 'permanent',
        message: result?.error.message ?? 'no result',
        attempted: write.operation.kind === 'update' ? write.operation.fields : undefined,
      });
  });
  return outcomes;
}

/**
 * Links the record and remembers the values both sides hold now. When WordPress refused the
 * merged fields as stale, those fields keep their previous agreed values on both sides, so the
 * person's newer edit, read next from the change feed, meets Salesforce's change as a conflict.
 */
function recordAgreement(
  mapping: ObjectMapping,
  plan: Plan,
  salesforceId: string,
  rewritten: WordPressObject | undefined,
  deps: SalesforceApplyDependencies,
  stale = false,
): void {
  const previous = plan.link?.syncState;
  const wordpressNow = rewritten
    ? mapToSalesforce(mapping, rewritten, { allowBlank: true }).values
    : plan.wordpressValues;
  const salesforceNow: Record<string, unknown> = {
    ...(previous?.salesforce ?? {}),
    ...(plan.salesforceRow
      ? pickFields(
          plan.salesforceRow,
          mapping.fields.map((f) => f.salesforceField),
        )
      : {}),
    ...(plan.salesforceRow ? plan.values : plan.wordpressValues),
  };
  const wordpressAgreed = { ...(previous?.wordpress ?? {}), ...wordpressNow };
  if (stale) {
    for (const field of plan.toWordPress) {
      salesforceNow[field] = previous?.salesforce[field] ?? null;
      wordpressAgreed[field] = previous?.wordpress[field] ?? null;
    }
  }
  const state: SyncState = {
    salesforce: salesforceNow,
    wordpress: wordpressAgreed,
    ...(typeof plan.salesforceRow?.SystemModstamp === 'string'
      ? { salesforceSeenAt: plan.salesforceRow.SystemModstamp }
      : previous?.salesforceSeenAt
        ? { salesforceSeenAt: previous.salesforceSeenAt }
        : {}),
  };
  deps.store.transaction(() => {
    deps.store.link(mapping.name, salesforceId, plan.item.id);
    deps.store.markWrittenBack(mapping.name, salesforceId, plan.item.id);
    deps.store.recordSyncState(mapping.name, salesforceId, state);
  });
}

async function applyDeletes(
  mapping: ObjectMapping,
  items: readonly WordPressChangeItem[],
  deps: SalesforceApplyDependencies,
  options: SalesforceApplyOptions,
): Promise<SalesforceOutcome[]> {
  const outcomes: SalesforceOutcome[] = [];
  const linked: { item: WordPressChangeItem; link: IdLink }[] = [];
  for (const item of items) {
    const link = deps.store.findByWordPressId(mapping.name, item.id);
    if (!link) {
      outcomes.push({
        status: 'Skipped',
        wordpressId: item.id,
        salesforceId: undefined,
        operation: 'delete',
        message: `WordPress ${mapping.wordpressType} ${item.id} was never synced; nothing to delete`,
        conflicts: [],
      });
    } else if (mapping.deletePolicy === 'Ignore') {
      if (!options.dryRun) deps.store.unlink(mapping.name, link.salesforceId);
      outcomes.push({
        status: 'Skipped',
        wordpressId: item.id,
        salesforceId: link.salesforceId,
        operation: 'delete',
        message: `Delete policy Ignore: ${mapping.salesforceObject} ${link.salesforceId} kept`,
        conflicts: [],
      });
    } else linked.push({ item, link });
  }
  if (linked.length === 0) return outcomes;
  if (options.dryRun) {
    return [
      ...outcomes,
      ...linked.map(({ item, link }): SalesforceOutcome => ({
        status: 'Skipped',
        wordpressId: item.id,
        salesforceId: link.salesforceId,
        operation: 'delete',
        message: `Dry run: would delete ${mapping.salesforceObject} ${link.salesforceId}`,
        conflicts: [],
      })),
    ];
  }
  const results = await deps.salesforce.destroy(
    mapping.salesforceObject,
    linked.map(({ link }) => link.salesforceId),
  );
  linked.forEach(({ item, link }, index) => {
    const result = results[index];
    const gone = result?.success === true || DELETED_CODES.has(result?.errors[0]?.statusCode ?? '');
    if (gone) {
      deps.store.unlink(mapping.name, link.salesforceId);
      outcomes.push({
        status: 'Success',
        wordpressId: item.id,
        salesforceId: link.salesforceId,
        operation: 'delete',
        message: `${mapping.salesforceObject} ${link.salesforceId} ${result?.success ? 'deleted (in the recycle bin)' : 'already gone'}`,
        conflicts: [],
      });
      return;
    }
    const failure = result
      ? recordFailure(result)
      : { code: 'NO_RESULT', message: 'Salesforce returned no result', kind: 'transient' as const };
    outcomes.push({
      status: 'Failed',
      ...failure,
      attempted: { delete: link.salesforceId },
      wordpressId: item.id,
      salesforceId: link.salesforceId,
      operation: 'delete',
      conflicts: [],
    });
  });
  return outcomes;
}
