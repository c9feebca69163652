import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../src/cli/status/format-status.js';
import type { LatestAudit } from '../../src/engine/status.js';
import { ConnectorMetrics } from '../../src/observability/metrics.js';
import { connectorStatus } from '../server/status-fixture.js';

const latest: LatestAudit = {
  startedAt: '2026-12-06T02:00:00.000Z',
  finishedAt: '2026-12-06T02:01:00.000Z',
  trigger: 'schedule',
  pairsChecked: 1200,
  pairsEqual: 1197,
  pairsDiffering: 3,
  goneLinks: 1,
  unlinkedMatches: 2,
  repaired: 0,
  incomplete: 0,
  differingByField: { 'Contact_User.LastName': 3 },
};

function auditSamples(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('sfwp_audit_pairs{'))
    .sort();
}

describe('the latest audit where people look', () => {
  it('sfwp_audit_pairs{org,state} carries its counts, NaN (prom-client prints Nan) before the first audit', async () => {
    const metrics = new ConnectorMetrics({ defaultMetrics: false });
    metrics.setStatus(connectorStatus());
    expect(auditSamples(await metrics.render())).toContain(
      'sfwp_audit_pairs{org="default",state="differing"} Nan',
    );
    metrics.setStatus({ ...connectorStatus(), audit: latest });
    expect(auditSamples(await metrics.render())).toEqual([
      'sfwp_audit_pairs{org="default",state="checked"} 1200',
      'sfwp_audit_pairs{org="default",state="differing"} 3',
      'sfwp_audit_pairs{org="default",state="equal"} 1197',
      'sfwp_audit_pairs{org="default",state="gone"} 1',
      'sfwp_audit_pairs{org="default",state="unlinked"} 2',
    ]);
  });

  it('sfwp status shows one line for it', () => {
    expect(formatStatus(connectorStatus())).toContain('Audit:         none yet (sfwp audit)');
    expect(formatStatus({ ...connectorStatus(), audit: latest })).toContain(
      'Audit:         1,200 pairs checked, 3 differing, 1 with a side gone, 2 unlinked matches (schedule, 2026-12-06T02:01:00.000Z)',
    );
  });
});
