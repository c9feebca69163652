import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/audit/format-report.js';
import {
  emptyMappingAudit,
  totalsOf,
  type AuditReport,
  type MappingAudit,
} from '../../src/audit/report.js';
import { createAuditCommand, type AuditRunner } from '../../src/cli/commands/audit.js';
import { environment, temporaryDirectory } from '../cli/fixtures.js';
import { sfwp } from '../cli/run-sfwp.js';
import { capturedLogger } from '../server/log-capture.js';

const cwd = temporaryDirectory('audit-command');
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});
const logger = (): ReturnType<typeof capturedLogger>['logger'] => capturedLogger().logger;

function reportWith(drift: boolean): AuditReport {
  const audit: MappingAudit = {
    ...emptyMappingAudit('Contact_User'),
    pairsChecked: 3,
    pairsEqual: drift ? 2 : 3,
    pairsDiffering: drift ? 1 : 0,
    differingByField: drift ? { LastName: 1 } : {},
    differing: drift
      ? [
          {
            salesforceId: '003000000000001AAA',
            wordpressId: 7,
            fields: [
              {
                field: 'LastName',
                wordpressField: 'last_name',
                salesforceValue: 'Lovelace',
                wordpressValue: 'Byron',
              },
            ],
          },
        ]
      : [],
  };
  return {
    startedAt: '2026-12-06T00:00:00.000Z',
    finishedAt: '2026-12-06T00:00:01.000Z',
    mappings: [audit],
    totals: totalsOf([audit]),
  };
}

function runner(report: AuditReport, seen: unknown[] = []): AuditRunner {
  return {
    run: (_config, _logger, options) => {
      seen.push(options);
      return Promise.resolve(report);
    },
    format: formatReport,
  };
}

describe('sfwp audit', () => {
  it('prints each differing pair with both values and exits 1 on drift', async () => {
    const seen: unknown[] = [];
    const command = createAuditCommand(
      () => Promise.resolve(runner(reportWith(true), seen)),
      logger,
    );
    const run = await sfwp(['audit', '--mapping', 'Contact_User'], {
      cwd,
      env: environment(),
      commands: [command],
    });
    expect(run.code, run.stderr).toBe(1);
    expect(seen).toEqual([{ mapping: 'Contact_User' }]);
    expect(run.stdout).toContain('Contact_User: 3 pairs checked, 2 equal, 1 differing');
    expect(run.stdout).toContain('LastName / last_name: Salesforce "Lovelace", WordPress "Byron"');
  });

  it('exits 0 when both sides agree, and --json prints the report', async () => {
    const command = createAuditCommand(() => Promise.resolve(runner(reportWith(false))), logger);
    const run = await sfwp(['audit', '--json'], { cwd, env: environment(), commands: [command] });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as AuditReport).totals.pairsChecked).toBe(3);
  });

  it('passes --repair and --prefer, and refuses a bad or lone --prefer', async () => {
    const seen: unknown[] = [];
    const command = createAuditCommand(
      () => Promise.resolve(runner(reportWith(true), seen)),
      logger,
    );
    const options = { cwd, env: environment(), commands: [command] };
    const repaired = await sfwp(['audit', '--repair', '--prefer', 'wordpress'], options);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(seen).toEqual([{ repair: true, prefer: 'wordpress' }]);
    expect((await sfwp(['audit', '--repair', '--prefer', 'both'], options)).code).toBe(2);
    expect((await sfwp(['audit', '--prefer', 'salesforce'], options)).code).toBe(2);
  });

  it('names what each side of an unlinked match is linked to instead', () => {
    const audit: MappingAudit = {
      ...emptyMappingAudit('Contact_User'),
      unlinkedMatches: 2,
      unlinked: [
        {
          salesforceId: '003000000000002AAA',
          wordpressId: 8,
          matchValue: 'ada@example.com',
          wordpressLinkedTo: '003000000000001AAA',
        },
        {
          salesforceId: '003000000000003AAA',
          wordpressId: 9,
          matchValue: 'grace@example.com',
          salesforceLinkedTo: 5,
        },
      ],
    };
    const text = formatReport({
      startedAt: '2026-12-06T00:00:00.000Z',
      finishedAt: '2026-12-06T00:00:01.000Z',
      mappings: [audit],
      totals: totalsOf([audit]),
    });
    expect(text).toContain('the WordPress object is linked to 003000000000001AAA');
    expect(text).toContain(
      'Salesforce 003000000000003AAA and WordPress 9 share "grace@example.com"; the Salesforce record is linked to WordPress 5',
    );
  });
});
