import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import { createRuntime } from '../app/runtime.js';
import { otherRunningService } from '../app/service-marker.js';
import type { Config } from '../config/load-config.js';
import type { ConnectorMetrics } from '../observability/metrics.js';
import { connectPubSub } from '../salesforce/pubsub-connection.js';
import { auditOnRuntime, type AuditOptions } from './audit-on-runtime.js';
import type { AuditReport } from './report.js';

/**
 * `sfwp audit` in its own runtime. Reading runs beside a running connector; `--repair` writes,
 * so it refuses then (the running connector's Audit command repairs in its own lanes).
 * `metrics` counts its WordPress requests (the bench's audit part).
 */
export async function runAuditCli(
  config: Config,
  logger: Logger,
  options: Omit<AuditOptions, 'trigger'>,
  metrics?: ConnectorMetrics,
): Promise<AuditReport> {
  const runtime = await createRuntime(
    config,
    logger,
    {
      onProblem: (message, problem = 'authentication-failed') => {
        if (message) logger.error({ reason: message, problem }, 'waiting for a problem to clear');
      },
    },
    metrics,
  );
  let client: PubSubApiClient | undefined;
  try {
    const service = otherRunningService(runtime.store);
    if (service && options.repair === true)
      throw new Error(
        `A connector service (pid ${String(service.pid)}, running since ${service.startedAt}) uses this state store; --repair beside it would write the records its live changes write. Audit without --repair, or stop the service first.`,
      );
    client = await connectPubSub(
      runtime.session,
      config.salesforce.pubSubEndpoint,
      config.salesforce.verifyTls,
      logger,
    );
    runtime.useResultClient(client);
    const { report } = await auditOnRuntime(runtime, { ...options, trigger: 'cli' });
    await runtime.flushResults();
    return report;
  } finally {
    await Promise.race([runtime.flushResults().catch(() => undefined), delay(5000)]);
    runtime.close();
    client?.close();
  }
}
