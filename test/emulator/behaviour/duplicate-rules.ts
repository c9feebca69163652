/**
 * The org's duplicate rules, as far as the API sees them: a rule on an object compares the
 * saved record with records of the matched objects (here: one field, exact and
 * case-insensitive, standing in for a matching rule) and, on a match, refuses the save with
 * DUPLICATES_DETECTED and a `duplicateResult` (Object Reference "DuplicateResult",
 * "MatchResult", "MatchRecord"). A rule whose action is Alert lets the save through when the
 * request carries `Sforce-Duplicate-Rule-Header: allowSave=true`; a Block rule never does
 * (REST API "Duplicate Rule Header"; SOAP API "DuplicateRuleHeader").
 */
import { ApiError } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import type { RecordStore, Row } from '../store/record-store.js';
import type { SaveRule, WriteContext } from '../store/record-writer.js';

export interface DuplicateRuleConfig {
  /** The rule's developer name, e.g. `Standard_Rule_for_Leads_with_Duplicate_Contacts`. */
  name: string;
  /** The object whose saves the rule checks. */
  object: string;
  action: 'Alert' | 'Block';
  /** One matching rule per compared object: its name and the field compared. */
  matches: { object: string; field: string; rule: string }[];
  /** @defaultValue 'Use one of these records?' */
  errorMessage?: string;
}

const DEFAULT_MESSAGE = 'Use one of these records?';

export class DuplicateRules implements SaveRule {
  private rules: DuplicateRuleConfig[];

  constructor(
    private readonly store: RecordStore,
    rules: readonly DuplicateRuleConfig[] = [],
    private readonly apiVersion = '65.0',
  ) {
    this.rules = [...rules];
  }

  /** Replaces the active rules (an admin activating or deactivating rules). */
  set(rules: readonly DuplicateRuleConfig[]): void {
    this.rules = [...rules];
  }

  beforeSave(
    object: EmulatorObject,
    row: Row,
    before: Row | undefined,
    context: WriteContext,
  ): void {
    for (const rule of this.rules) {
      if (rule.object.toLowerCase() !== object.name.toLowerCase()) continue;
      // Reading: an edit is checked only when a compared field changes (a stamp by the result
      // trigger, or an update of other fields, is not a new duplicate).
      if (before && rule.matches.every((match) => before[match.field] === row[match.field])) {
        continue;
      }
      const matchResults = rule.matches
        .map((match) => this.matchResult(match, row))
        .filter((result) => result.size > 0);
      if (matchResults.length === 0) continue;
      if (rule.action === 'Alert' && context.allowSave === true) continue;
      const errorMessage = rule.errorMessage ?? DEFAULT_MESSAGE;
      throw new ApiError(400, 'DUPLICATES_DETECTED', errorMessage, [], {
        duplicateResult: {
          allowSave: rule.action === 'Alert',
          duplicateRule: rule.name,
          duplicateRuleEntityType: object.name,
          errorMessage,
          matchResults,
        },
      });
    }
  }

  private matchResult(match: DuplicateRuleConfig['matches'][number], row: Row) {
    const value = row[match.field];
    const wanted = typeof value === 'string' ? value.trim().toLowerCase() : '';
    const matchRecords =
      wanted === ''
        ? []
        : [...this.store.rows(match.object)]
            .filter((other) => other.Id !== row.Id)
            .filter((other) => {
              const candidate = other[match.field];
              return typeof candidate === 'string' && candidate.trim().toLowerCase() === wanted;
            })
            .map((other) => ({
              additionalInformation: [],
              fieldDiffs: [],
              matchConfidence: 100,
              record: {
                attributes: {
                  type: match.object,
                  url: `/services/data/v${this.apiVersion}/sobjects/${match.object}/${String(other.Id)}`,
                },
                Id: other.Id,
              },
            }));
    return {
      entityType: match.object,
      errors: [],
      matchEngine: 'ExactMatchEngine',
      matchRecords,
      rule: match.rule,
      size: matchRecords.length,
      success: true,
    };
  }
}
