import type { ObjectMapping } from '../mapping/types.js';
import { SOURCE_ID_FIELD } from '../salesforce/org-records.js';

/** An org → org mapping refused at load, with the reason; the org's other mappings still load. */
export interface OrgToOrgProblem {
  org: string;
  mapping: string;
  message: string;
}

/** Whether the mapping sends its org's records to another org instead of WordPress. */
export function isOrgToOrgMapping(mapping: ObjectMapping): boolean {
  return mapping.targetOrg !== undefined && mapping.targetOrg.trim() !== '';
}

/** The lowercased field names of an object in an org, when it was described. */
export type FieldsOf = (org: string, object: string) => ReadonlySet<string> | undefined;

interface Candidate {
  org: string;
  mapping: ObjectMapping;
  target: string;
  object: string;
}

function candidatesOf(mappingsByOrg: ReadonlyMap<string, readonly ObjectMapping[]>): Candidate[] {
  return [...mappingsByOrg].flatMap(([org, mappings]) =>
    mappings
      .filter((mapping) => mapping.active && isOrgToOrgMapping(mapping))
      .map((mapping) => ({
        org,
        mapping,
        target: (mapping.targetOrg ?? '').trim(),
        object: mapping.salesforceObject.toLowerCase(),
      })),
  );
}

function ownProblem(
  candidate: Candidate,
  orgs: readonly string[],
  fieldsOf?: FieldsOf,
): string | undefined {
  const { org, mapping, target } = candidate;
  if (!orgs.includes(target))
    return `Target_Org__c '${target}' is not a configured org (configured: ${orgs.join(', ')})`;
  if (target === org) return `Target_Org__c '${target}' is the mapping's own org`;
  if (mapping.direction === 'WordPressToSalesforce')
    return 'Direction__c WordPressToSalesforce cannot send records to another org: use SalesforceToWordPress (one way) or Bidirectional (two way)';
  if (mapping.externalIdField.toLowerCase() !== SOURCE_ID_FIELD.toLowerCase())
    return `External_Id_Field__c must be ${SOURCE_ID_FIELD} on an org → org mapping (its events then carry the record's source id), not ${mapping.externalIdField}`;
  const fields = fieldsOf?.(target, mapping.salesforceObject);
  if (fields && !fields.has(SOURCE_ID_FIELD.toLowerCase()))
    return `${mapping.salesforceObject} in org ${target} has no field ${SOURCE_ID_FIELD} (the package's External ID the target holds the source Id in)`;
  return undefined;
}

function pairProblem(candidate: Candidate, all: readonly Candidate[]): string | undefined {
  const { org, mapping, target, object } = candidate;
  const reverse = all.filter(
    (other) => other.org === target && other.target === org && other.object === object,
  );
  const bidirectional = (m: ObjectMapping) => m.direction === 'Bidirectional';
  if (
    reverse.length > 0 &&
    !(bidirectional(mapping) && reverse.every((other) => bidirectional(other.mapping)))
  )
    return `${mapping.salesforceObject} goes ${org} → ${target} and ${target} → ${org} (${reverse.map((other) => other.mapping.name).join(', ')}), a loop without two-way semantics: both mappings must be Bidirectional`;
  if (bidirectional(mapping) && reverse.length === 0)
    return `Bidirectional needs org ${target}'s reverse mapping of ${mapping.salesforceObject} with Target_Org__c '${org}', also Bidirectional; there is none`;
  if (bidirectional(mapping) && mapping.conflictPolicy !== 'NewestWins')
    return `Conflict_Policy__c ${mapping.conflictPolicy} cannot end equal on a two-way org pair (each side would keep or push its own values): use NewestWins`;
  const senders = new Set(
    all
      .filter((other) => other.target === target && other.object === object)
      .map((other) => other.org),
  );
  const inbound = new Set(
    all
      .filter((other) => other.target === org && other.object === object)
      .map((other) => other.org),
  );
  if (senders.size > 1)
    return `${mapping.salesforceObject} in org ${target} would receive records from ${[...senders].sort().join(' and ')}; its ${SOURCE_ID_FIELD} can hold the ids of one org only`;
  if (bidirectional(mapping) && inbound.size > 1)
    return `${mapping.salesforceObject} in org ${org} receives records from ${[...inbound].sort().join(' and ')}; a two-way leg could not tell whose id ${SOURCE_ID_FIELD} holds`;
  const twins = all.filter(
    (other) => other.org === org && other.target === target && other.object === object,
  );
  if (twins.length > 1)
    return `${twins.map((other) => other.mapping.name).join(' and ')} both send ${mapping.salesforceObject} from ${org} to ${target}`;
  return undefined;
}

/**
 * Load-time checks of every org's org → org mappings (pure): the target org is configured and
 * another org, the direction and conflict policy can work, the object holds
 * WP_Source_Record_Id__c in the target org (when `fieldsOf` knows it), and a pair of mappings
 * both ways on one object is two-way on both sides. Each refused mapping comes back with a
 * clear reason; the others load.
 */
export function orgToOrgMappingProblems(
  mappingsByOrg: ReadonlyMap<string, readonly ObjectMapping[]>,
  configuredOrgNames: readonly string[],
  fieldsOf?: FieldsOf,
): OrgToOrgProblem[] {
  const all = candidatesOf(mappingsByOrg);
  const valid = all.filter(
    (candidate) => ownProblem(candidate, configuredOrgNames, fieldsOf) === undefined,
  );
  return all
    .flatMap((candidate) => {
      const message =
        ownProblem(candidate, configuredOrgNames, fieldsOf) ?? pairProblem(candidate, all);
      return message === undefined
        ? []
        : [{ org: candidate.org, mapping: candidate.mapping.name, message }];
    })
    .concat(
      // A pair whose other half was refused cannot be two-way.
      valid.flatMap((candidate) => {
        if (candidate.mapping.direction !== 'Bidirectional') return [];
        const reverse = all.find(
          (other) =>
            other.org === candidate.target &&
            other.target === candidate.org &&
            other.object === candidate.object,
        );
        if (!reverse || valid.includes(reverse) || pairProblem(candidate, all) !== undefined)
          return [];
        return [
          {
            org: candidate.org,
            mapping: candidate.mapping.name,
            message: `its reverse mapping ${reverse.mapping.name} in org ${reverse.org} was refused, so it cannot be two-way`,
          },
        ];
      }),
    );
}

/** The org's mappings without those refused. */
export function withoutRefused(
  org: string,
  mappings: readonly ObjectMapping[],
  problems: readonly OrgToOrgProblem[],
): ObjectMapping[] {
  return mappings.filter(
    (mapping) =>
      !problems.some((problem) => problem.org === org && problem.mapping === mapping.name),
  );
}
