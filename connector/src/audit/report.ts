import type { FieldDifference } from './compare.js';
import { shownValue } from './redact.js';

/** A linked pair whose fields differ, with both values of each (redacted, shortened). */
export interface DifferingPair {
  salesforceId: string;
  wordpressId: number;
  fields: FieldDifference[];
  /** What `--repair` did: `salesforce` or `wordpress` won, or why it could not. */
  repair?: string;
}

/** A link one of whose objects no longer exists (deleted, or in the WordPress trash). */
export interface GoneLink {
  salesforceId: string;
  wordpressId: number;
  gone: 'salesforce' | 'wordpress';
}

/** A Salesforce record and a WordPress object with the same match value, not linked together. */
export interface UnlinkedMatch {
  salesforceId: string;
  wordpressId: number;
  matchValue: string;
  /** The Salesforce record the WordPress object is linked to instead, if any. */
  wordpressLinkedTo?: string;
  /** The WordPress object the Salesforce record is linked to instead, if any. */
  salesforceLinkedTo?: number;
}

export interface MappingAudit {
  mapping: string;
  pairsChecked: number;
  pairsEqual: number;
  pairsDiffering: number;
  /** Differing pairs per Salesforce field. */
  differingByField: Record<string, number>;
  goneLinks: number;
  unlinkedMatches: number;
  repaired: number;
  repairFailed: number;
  /** The first {@link SAMPLES} of each kind, with values; the counts above are complete. */
  differing: DifferingPair[];
  gone: GoneLink[];
  unlinked: UnlinkedMatch[];
  /** Why the audit of this mapping stopped early (API budget, an error); absent when complete. */
  incomplete?: string;
}

export interface AuditReport {
  startedAt: string;
  finishedAt: string;
  mappings: MappingAudit[];
  totals: AuditTotals;
}

export interface AuditTotals {
  pairsChecked: number;
  pairsEqual: number;
  pairsDiffering: number;
  goneLinks: number;
  unlinkedMatches: number;
  repaired: number;
  incomplete: number;
}

/** Pairs, gone links and unlinked matches listed with values, per mapping and kind. */
export const SAMPLES = 100;

export function emptyMappingAudit(mapping: string): MappingAudit {
  return {
    mapping,
    pairsChecked: 0,
    pairsEqual: 0,
    pairsDiffering: 0,
    differingByField: {},
    goneLinks: 0,
    unlinkedMatches: 0,
    repaired: 0,
    repairFailed: 0,
    differing: [],
    gone: [],
    unlinked: [],
  };
}

/** Counts one differing pair; keeps it (values redacted) among the first {@link SAMPLES}. */
export function countDiffering(audit: MappingAudit, pair: DifferingPair): void {
  audit.pairsChecked++;
  audit.pairsDiffering++;
  for (const difference of pair.fields)
    audit.differingByField[difference.field] = (audit.differingByField[difference.field] ?? 0) + 1;
  if (audit.differing.length < SAMPLES)
    audit.differing.push({
      ...pair,
      fields: pair.fields.map((difference) => ({
        ...difference,
        salesforceValue: shownValue(difference.field, difference.salesforceValue),
        wordpressValue: shownValue(difference.wordpressField, difference.wordpressValue),
      })),
    });
}

export function countGone(audit: MappingAudit, link: GoneLink): void {
  audit.goneLinks++;
  if (audit.gone.length < SAMPLES) audit.gone.push(link);
}

export function countUnlinked(audit: MappingAudit, match: UnlinkedMatch): void {
  audit.unlinkedMatches++;
  if (audit.unlinked.length < SAMPLES) audit.unlinked.push(match);
}

export function totalsOf(mappings: readonly MappingAudit[]): AuditTotals {
  const sum = (pick: (audit: MappingAudit) => number): number =>
    mappings.reduce((total, audit) => total + pick(audit), 0);
  return {
    pairsChecked: sum((audit) => audit.pairsChecked),
    pairsEqual: sum((audit) => audit.pairsEqual),
    pairsDiffering: sum((audit) => audit.pairsDiffering),
    goneLinks: sum((audit) => audit.goneLinks),
    unlinkedMatches: sum((audit) => audit.unlinkedMatches),
    repaired: sum((audit) => audit.repaired),
    incomplete: mappings.filter((audit) => audit.incomplete !== undefined).length,
  };
}
