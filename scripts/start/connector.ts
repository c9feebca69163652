/**
 * The demo's connector, in this process, through the same code path as `sfwp start`: the CLI's
 * start command (status server on 127.0.0.1 with its bearer token, the service, a clean stop on
 * the shutdown signal), given the demo's environment, logger and shutdown promise.
 */
import type { Logger } from 'pino';
import type { Config } from '../../connector/src/config/index.js';
import { createStartCommand } from '../../connector/src/cli/commands/start.js';
import type { CliIo } from '../../connector/src/cli/io.js';
import type { ConnectorHandle } from '../../connector/src/app/connector.js';
import type { RunningEmulator } from '../../test/emulator/index.js';
import { connectorEnvironment } from '../../test/integration/support/emulated-org.js';
import type { WordPressTarget } from '../../test/wordpress/target.js';

export interface DemoConnector {
  /** Resolves once the connector is connected and its intake runs. */
  ready: Promise<{ config: Config; running: ConnectorHandle }>;
  /** The start command's exit code once it has stopped the connector and its status server. */
  exited: Promise<number>;
}

export interface StartDemoConnectorOptions {
  /** The connector's environment (its only configuration in the demo). */
  env: Record<string, string>;
  cwd: string;
  logger: Logger;
  /** Resolves when the demo is asked to stop; the start command then stops the connector. */
  shutdown: Promise<string>;
  /** The start command's arguments (`--config FILE` for `--orgs 2`). */
  args?: string[];
}

/**
 * The connector's whole configuration for the demo, as environment variables: the emulator's
 * client credentials (integration user), `SF_VERIFY_TLS=false` for its self-signed certificate
 * (the connector says so loudly), the WordPress, a fresh state directory, and the status server
 * on 127.0.0.1 with the given token. Credentials are read from this object, never from the
 * process environment.
 */
export function demoConnectorEnvironment(
  emulator: RunningEmulator,
  wordpress: WordPressTarget,
  stateDir: string,
  status: { port: number; token: string },
): Record<string, string> {
  return {
    // SF_* for the emulator (SF_VERIFY_TLS=false), WP_*, and SFWP_STORE_PATH in stateDir.
    ...connectorEnvironment(emulator, wordpress, stateDir, 'client-credentials'),
    SFWP_HTTP_HOST: '127.0.0.1',
    SFWP_HTTP_PORT: String(status.port),
    SFWP_STATUS_TOKEN: status.token,
    // WordPress pings the status server on every change: edits show within a second.
    SFWP_WEBHOOK_URL: `http://127.0.0.1:${String(status.port)}/webhook/wordpress`,
    SFWP_FEED_POLL_SECONDS: '5',
    SFWP_LOG_LEVEL: 'info',
  };
}

export function startDemoConnector(options: StartDemoConnectorOptions): DemoConnector {
  let announce: (value: { config: Config; running: ConnectorHandle }) => void = () => undefined;
  const announced = new Promise<{ config: Config; running: ConnectorHandle }>((resolve) => {
    announce = resolve;
  });
  const command = createStartCommand({
    loadService: async () => {
      const { startConnector } = await import('../../connector/src/app/connector.js');
      return async (config, serviceOptions) => {
        const running = await startConnector(config, serviceOptions);
        announce({ config, running });
        return running;
      };
    },
    createLogger: () => options.logger,
  });
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: options.env,
    cwd: options.cwd,
    shutdownRequested: () => options.shutdown,
  };
  const exited = command.run(options.args ?? [], { io, debug: false });
  const ready = Promise.race([
    announced,
    exited.then((code) => {
      throw new Error(`the connector stopped before it was up (exit code ${String(code)})`);
    }),
  ]);
  // Whoever awaits `ready` sees a failure; these keep an unobserved one from crashing the process.
  ready.catch(() => undefined);
  exited.catch(() => undefined);
  return { ready, exited };
}
