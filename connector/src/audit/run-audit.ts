import type { ObjectMapping } from '../mapping/types.js';
import { FORM_SUBMISSION_TYPE } from '../mapping/types.js';
import { auditMapping, type AuditDependencies } from './audit-mapping.js';
import { totalsOf, type AuditReport, type MappingAudit } from './report.js';

/** The mappings an audit covers: active record mappings (form submissions have no pairs). */
export function auditedMappings(
  mappings: ReadonlyMap<string, ObjectMapping>,
  only: string | undefined,
): ObjectMapping[] {
  if (only !== undefined) {
    const mapping = mappings.get(only);
    if (!mapping)
      throw new Error(
        `No loaded mapping named ${only}; loaded: ${[...mappings.keys()].join(', ') || 'none'}`,
      );
    return [mapping];
  }
  return [...mappings.values()].filter(
    (mapping) => mapping.active && mapping.wordpressType !== FORM_SUBMISSION_TYPE,
  );
}

/** Audits the mappings one after another; one mapping's failure leaves it marked incomplete. */
export async function runAudit(
  mappings: readonly ObjectMapping[],
  deps: AuditDependencies,
  now: () => Date = () => new Date(),
): Promise<AuditReport> {
  const startedAt = now().toISOString();
  const audits: MappingAudit[] = [];
  for (const mapping of mappings) audits.push(await auditMapping(mapping, deps));
  return {
    startedAt,
    finishedAt: now().toISOString(),
    mappings: audits,
    totals: totalsOf(audits),
  };
}
