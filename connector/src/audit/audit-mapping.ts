import type { Logger } from 'pino';
import type { ObjectMapping } from '../mapping/types.js';
import type { SalesforceRecord } from '../salesforce/record-gateway.js';
import type { IdLink, StateStore } from '../store/state-store.js';
import type { WordPressObject } from '../wordpress/types.js';
import { differingFields, type FieldDifference } from './compare.js';
import { findUnlinkedMatches, type MatchCandidate, type MatchLookup } from './unlinked-matches.js';
import {
  countDiffering,
  countGone,
  countUnlinked,
  emptyMappingAudit,
  type MappingAudit,
} from './report.js';

/** A pair the audit found differing, handed to `repair`. */
export interface PairToRepair {
  salesforce: SalesforceRecord;
  wordpress: WordPressObject;
  fields: FieldDifference[];
}

export interface AuditDependencies {
  /** Every record of the mapping's object, a query batch at a time. */
  salesforcePages(
    mapping: ObjectMapping,
  ): AsyncIterable<SalesforceRecord[]> | Iterable<SalesforceRecord[]>;
  /** The records of `ids` Salesforce holds now (a re-read). */
  salesforceByIds(mapping: ObjectMapping, ids: readonly string[]): Promise<SalesforceRecord[]>;
  /** The objects of `ids` WordPress holds now (not trashed), 100 a request. */
  wordpressByIds(type: string, ids: readonly number[]): Promise<Map<number, WordPressObject>>;
  /** WordPress objects by a field's values; undefined when the site cannot answer. */
  lookUp?: MatchLookup;
  store: Pick<StateStore, 'findBySalesforceId' | 'findByWordPressId' | 'listLinks'>;
  /**
   * Called before each request: waits while live sync has work (the audit runs at low
   * priority), and throws when the audit must stop (the API budget is spent).
   */
  beforeRequest(): Promise<void>;
  /** `--repair`: brings one pair back in step through the pipeline; says what it did. */
  repair?(mapping: ObjectMapping, pair: PairToRepair): Promise<{ ok: boolean; message: string }>;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** Links read a page at a time when looking for links whose Salesforce record is gone. */
const LINK_PAGE = 500;

interface Suspect {
  link: IdLink;
}

/**
 * Audits one mapping: streams its Salesforce records, reads the WordPress object of every
 * linked record (100 a request), compares each mapped field as the sync would, and re-reads
 * both sides of every pair that seems to differ or be gone before reporting it, so a live
 * change that landed between the two reads is not reported as drift. Records are
 * looked up in WordPress by the match field. Links whose Salesforce record is gone are found
 * from the store's links afterwards. Memory holds one page of records and the ids of the
 * linked records seen.
 */
export async function auditMapping(
  mapping: ObjectMapping,
  deps: AuditDependencies,
): Promise<MappingAudit> {
  const audit = emptyMappingAudit(mapping.name);
  const seen = new Set<string>();
  try {
    await deps.beforeRequest();
    for await (const page of deps.salesforcePages(mapping)) {
      await auditPage(mapping, page, seen, audit, deps);
      await deps.beforeRequest();
    }
    await findLinksGoneInSalesforce(mapping, seen, audit, deps);
  } catch (error) {
    audit.incomplete = (error as Error).message;
    deps.logger.warn({ mapping: mapping.name, reason: audit.incomplete }, 'audit stopped early');
  }
  return audit;
}

async function auditPage(
  mapping: ObjectMapping,
  page: readonly SalesforceRecord[],
  seen: Set<string>,
  audit: MappingAudit,
  deps: AuditDependencies,
): Promise<void> {
  const linked: { record: SalesforceRecord; link: IdLink }[] = [];
  const unlinked: SalesforceRecord[] = [];
  for (const record of page) {
    const id = String(record.Id);
    const link = deps.store.findBySalesforceId(mapping.name, id);
    if (link) {
      seen.add(id);
      linked.push({ record, link });
    } else unlinked.push(record);
  }
  const objects = await deps.wordpressByIds(
    mapping.wordpressType,
    linked.map(({ link }) => link.wordpressId),
  );
  const suspects: Suspect[] = [];
  for (const { record, link } of linked) {
    const object = objects.get(link.wordpressId);
    if (object && differingFields(mapping, record, object, link.syncState).length === 0) {
      audit.pairsChecked++;
      audit.pairsEqual++;
    } else suspects.push({ link });
  }
  if (suspects.length > 0) await confirmSuspects(mapping, suspects, audit, deps);
  if (deps.lookUp) {
    const candidates: MatchCandidate[] = [
      ...unlinked.map((record) => ({ record })),
      ...linked.map(({ record, link }) => ({
        record,
        link,
        linkedObject: objects.get(link.wordpressId),
      })),
    ];
    await deps.beforeRequest();
    for (const match of await findUnlinkedMatches(mapping, candidates, deps.lookUp, deps.store))
      countUnlinked(audit, match);
  }
}

/** Reads both sides of each suspect pair again and reports what still differs or is gone. */
async function confirmSuspects(
  mapping: ObjectMapping,
  suspects: readonly Suspect[],
  audit: MappingAudit,
  deps: AuditDependencies,
): Promise<void> {
  await deps.beforeRequest();
  const records = new Map(
    (
      await deps.salesforceByIds(
        mapping,
        suspects.map(({ link }) => link.salesforceId),
      )
    ).map((record) => [String(record.Id), record]),
  );
  const objects = await deps.wordpressByIds(
    mapping.wordpressType,
    suspects.map(({ link }) => link.wordpressId),
  );
  for (const suspect of suspects) {
    // The link as it is now: a live sync may have moved or settled it meanwhile.
    const link = deps.store.findBySalesforceId(mapping.name, suspect.link.salesforceId);
    if (!link) continue;
    const record = records.get(link.salesforceId);
    const object = objects.get(link.wordpressId);
    if (!record || !object) {
      const gone = !record ? 'salesforce' : 'wordpress';
      countGone(audit, { salesforceId: link.salesforceId, wordpressId: link.wordpressId, gone });
      continue;
    }
    const fields = differingFields(mapping, record, object, link.syncState);
    if (fields.length === 0) {
      audit.pairsChecked++;
      audit.pairsEqual++;
      continue;
    }
    const pair = { salesforceId: link.salesforceId, wordpressId: link.wordpressId, fields };
    if (!deps.repair) {
      countDiffering(audit, pair);
      continue;
    }
    const repaired = await deps.repair(mapping, { salesforce: record, wordpress: object, fields });
    if (repaired.ok) audit.repaired++;
    else audit.repairFailed++;
    countDiffering(audit, { ...pair, repair: repaired.message });
  }
}

/**
 * Links of the mapping whose Salesforce record the stream did not return: re-read by id (a
 * record created after the query began is simply newer), and reported gone when Salesforce
 * does not hold it.
 */
async function findLinksGoneInSalesforce(
  mapping: ObjectMapping,
  seen: ReadonlySet<string>,
  audit: MappingAudit,
  deps: AuditDependencies,
): Promise<void> {
  if (!deps.store.listLinks) return;
  let after: string | undefined;
  for (;;) {
    const links = deps.store.listLinks(mapping.name, after, LINK_PAGE);
    if (links.length === 0) return;
    after = links[links.length - 1]?.salesforceId;
    const unseen = links.filter((link) => !seen.has(link.salesforceId));
    if (unseen.length === 0) continue;
    await deps.beforeRequest();
    const held = new Set(
      (
        await deps.salesforceByIds(
          mapping,
          unseen.map((link) => link.salesforceId),
        )
      ).map((record) => String(record.Id)),
    );
    for (const link of unseen)
      if (!held.has(link.salesforceId))
        countGone(audit, {
          salesforceId: link.salesforceId,
          wordpressId: link.wordpressId,
          gone: 'salesforce',
        });
  }
}
