/**
 * The bench's audit, in a process of its own so its RSS is the audit's: exactly what
 * `sfwp audit --mapping <mapping> --json` runs (runAuditCli), configured from the environment,
 * with the connector's metrics counting its WordPress requests. Prints one JSON line: the
 * report's totals and the WordPress requests by purpose.
 *
 *   tsx bench/audit-process.ts <mapping>
 */
import { loadConfig } from '../connector/src/config/index.js';
import { runAuditCli } from '../connector/src/audit/run-audit-cli.js';
import { createLogger } from '../connector/src/observability/logger.js';
import { ConnectorMetrics } from '../connector/src/observability/metrics.js';

/** `sfwp_wordpress_requests_total` summed over methods and statuses, by purpose. */
function requestsByPurpose(metricsText: string): Record<string, number> {
  const byPurpose: Record<string, number> = {};
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith('sfwp_wordpress_requests_total{')) continue;
    const purpose = /purpose="([^"]*)"/.exec(line)?.[1] ?? 'unknown';
    byPurpose[purpose] = (byPurpose[purpose] ?? 0) + Number(line.split(' ').at(-1));
  }
  return byPurpose;
}

async function main(): Promise<void> {
  const mapping = process.argv[2];
  if (!mapping) throw new Error('usage: tsx bench/audit-process.ts <mapping>');
  const config = loadConfig({ cwd: process.cwd(), env: process.env });
  const metrics = new ConnectorMetrics();
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const report = await runAuditCli(config, logger, { mapping }, metrics);
  const requests = requestsByPurpose(await metrics.render());
  process.stdout.write(`${JSON.stringify({ totals: report.totals, requests })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
