import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import { createLogger } from '../../observability/logger.js';
import { ConnectorMetrics } from '../../observability/metrics.js';
import { prepareStatusToken, startStatusServer } from '../../server/index.js';
import type { ConnectorStatus, RunningConnector } from '../../engine/status.js';
import type { SignedRoute } from '../../server/signed-routes.js';
import type { Command } from '../command.js';
import { COMMON_HELP, COMMON_OPTIONS } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parseCommandLine } from '../parse.js';
import { SFWP_VERSION } from '../version.js';

/**
 * The service's start function (`connector/src/app/connector.ts`). `metrics` is offered so
 * the service can count events and pass `metrics.recordWordPressRequest` as the WordPress
 * client's `onRequest`; a service that ignores it still gets its gauges filled from `status()`.
 */
export type StartConnector = (
  config: Config,
  options: { logger: Logger; metrics?: ConnectorMetrics },
) => Promise<RunningConnector>;

export interface StartCommandOptions {
  /** Loads the service lazily, so other commands never import it. */
  loadService: () => Promise<StartConnector>;
  /** @defaultValue pino JSON lines on stdout at `log.level` (debug with `--debug`) */
  createLogger?: (level: string) => Logger;
}

const help = `Usage: sfwp start [--config FILE]

Runs the connector until SIGINT or SIGTERM: Salesforce intake, WordPress writes, results, and
the status server (GET /healthz, GET /metrics on server.host:server.port, bearer token from
server.token or the generated status-token file). On a signal it finishes or checkpoints
in-flight work before exiting. Logs are JSON lines on stdout. With several orgs (orgs: in the
config) it serves them all; --org NAME serves that org alone.

Exit codes: 0 stopped on a signal, 1 could not start, 2 bad command line or config.

${COMMON_HELP}`;

function startingStatus(config: Config, startedAt: string): ConnectorStatus {
  return {
    state: 'starting',
    version: SFWP_VERSION,
    startedAt,
    reason: 'connecting to Salesforce and WordPress',
    salesforce: { instanceUrl: undefined, replayPositions: {}, apiUsage: undefined },
    wordpress: { url: config.wordpress.url },
    intake: { inFlight: 0, lagMs: undefined, eventsApplied: 0 },
    deadLetters: { open: 0 },
    mappings: { loaded: [], skipped: [] },
  };
}

/** `sfwp start`, wired to a service start function. */
export function createStartCommand(options: StartCommandOptions): Command {
  const makeLogger = options.createLogger ?? ((level: string) => createLogger({ level }));
  return {
    name: 'start',
    summary: 'Run the connector with its health and metrics endpoints',
    help,
    async run(args, { io, debug }) {
      const { values } = parseCommandLine(args, COMMON_OPTIONS, help);
      const all = loadCliConfig(values, io, { findDemo: false, allOrgs: true });
      // `--org NAME` runs that org alone (its org → org targets are not served then).
      const config = values.org === undefined ? all : { ...all, orgs: all.orgs.slice(0, 1) };
      const logger = makeLogger(debug ? 'debug' : config.log.level);
      const metrics = new ConnectorMetrics();
      const startedAt = new Date().toISOString();
      let status: () => ConnectorStatus = () => startingStatus(config, startedAt);
      let wakeChangeFeed = (): void => undefined;
      let signedRoutes = (): readonly SignedRoute[] => [];
      const shutdown = io.shutdownRequested();

      const server = await startStatusServer({
        host: config.server.host,
        port: config.server.port,
        token: prepareStatusToken({ config, logger, cwd: io.cwd }),
        status: () => status(),
        metrics,
        logger,
        ...(config.wordpress.sharedSecret
          ? {
              webhook: {
                secret: config.wordpress.sharedSecret.reveal(),
                onPing: () => {
                  wakeChangeFeed();
                },
              },
              signedRoutes: {
                secret: config.wordpress.sharedSecret.reveal(),
                routes: () => signedRoutes(),
              },
            }
          : {}),
      });
      let starting: Promise<RunningConnector>;
      try {
        const startConnector = await options.loadService();
        starting = startConnector(config, { logger, metrics });
      } catch (error) {
        await server.close();
        throw error;
      }
      const first = await Promise.race([
        starting.then((running) => ({ running }) as const),
        shutdown.then((signal) => ({ signal }) as const),
      ]).catch(async (error: unknown) => {
        await server.close();
        throw error;
      });
      if ('signal' in first) {
        // Asked to stop before the connector was up: stop it as soon as it is (nothing has
        // been taken from Salesforce yet), and let the process end.
        logger.warn({ signal: first.signal }, 'stop requested while starting');
        await server.close();
        starting
          .then((running) => running.stop())
          .catch((error: unknown) => {
            logger.error({ err: error }, 'the connector did not start or stop cleanly');
          });
        return EXIT_CODES.ok;
      }
      const running = first.running;
      status = () => running.status();
      wakeChangeFeed = () => running.wakeChangeFeed?.();
      signedRoutes = () => running.signedRoutes?.() ?? [];
      logger.info({ state: running.status().state }, 'connector started');

      const signal = await shutdown;
      logger.info({ signal }, 'stopping: finishing or checkpointing in-flight work');
      try {
        await running.stop();
      } finally {
        await server.close();
      }
      logger.info('connector stopped');
      return EXIT_CODES.ok;
    },
  };
}
