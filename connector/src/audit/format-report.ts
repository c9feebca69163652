import type { AuditReport, MappingAudit } from './report.js';

const show = (value: unknown): string => JSON.stringify(value ?? null);

function mappingLines(audit: MappingAudit): string[] {
  const lines = [
    `${audit.mapping}: ${String(audit.pairsChecked)} pairs checked, ${String(audit.pairsEqual)} equal, ${String(audit.pairsDiffering)} differing, ` +
      `${String(audit.goneLinks)} links with a side gone, ${String(audit.unlinkedMatches)} unlinked matches` +
      (audit.repaired + audit.repairFailed > 0
        ? `, ${String(audit.repaired)} repaired, ${String(audit.repairFailed)} not repaired`
        : ''),
  ];
  if (audit.incomplete !== undefined) lines.push(`  INCOMPLETE: ${audit.incomplete}`);
  const byField = Object.entries(audit.differingByField);
  if (byField.length > 0)
    lines.push(
      `  differing by field: ${byField.map(([field, count]) => `${field} ${String(count)}`).join(', ')}`,
    );
  for (const pair of audit.differing) {
    lines.push(
      `  differs   Salesforce ${pair.salesforceId} ↔ WordPress ${String(pair.wordpressId)}` +
        (pair.repair === undefined ? '' : ` (repair: ${pair.repair})`),
    );
    for (const field of pair.fields)
      lines.push(
        `    ${field.field} / ${field.wordpressField}: Salesforce ${show(field.salesforceValue)}, WordPress ${show(field.wordpressValue)}`,
      );
  }
  for (const link of audit.gone)
    lines.push(
      `  gone      Salesforce ${link.salesforceId} ↔ WordPress ${String(link.wordpressId)}: the ${link.gone === 'salesforce' ? 'Salesforce record' : 'WordPress object'} no longer exists (or is in the trash)`,
    );
  for (const match of audit.unlinked)
    lines.push(
      `  unlinked  Salesforce ${match.salesforceId} and WordPress ${String(match.wordpressId)} share ${show(match.matchValue)}` +
        (match.wordpressLinkedTo === undefined
          ? ''
          : `; the WordPress object is linked to ${match.wordpressLinkedTo}`) +
        (match.salesforceLinkedTo === undefined
          ? ''
          : `; the Salesforce record is linked to WordPress ${String(match.salesforceLinkedTo)}`),
    );
  const listed = audit.differing.length + audit.gone.length + audit.unlinked.length;
  const found = audit.pairsDiffering + audit.goneLinks + audit.unlinkedMatches;
  if (found > listed)
    lines.push(`  (${String(found - listed)} more not listed; use --json for counts by field)`);
  return lines;
}

/** The report as lines for a terminal: per mapping, counts then each finding with both values. */
export function formatReport(report: AuditReport): string {
  const totals = report.totals;
  return [
    ...report.mappings.flatMap(mappingLines),
    `Total: ${String(totals.pairsChecked)} pairs checked, ${String(totals.pairsEqual)} equal, ${String(totals.pairsDiffering)} differing, ` +
      `${String(totals.goneLinks)} links with a side gone, ${String(totals.unlinkedMatches)} unlinked matches` +
      (totals.repaired > 0 ? `, ${String(totals.repaired)} repaired` : '') +
      '.',
  ].join('\n');
}
