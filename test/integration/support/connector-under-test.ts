/**
 * What the connector integration tests share: a reset WordPress, a trusted org emulator with
 * its admin's jsforce connection, the connector's configuration between the two (state in a
 * directory of the test's), a connector logging into a test's capture, and the tear-down.
 */
import { rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Connection } from 'jsforce';
import { loadConfig, type Config } from '../../../connector/src/config/index.js';
import { createLogger } from '../../../connector/src/observability/logger.js';
import { startConnector, type ConnectorHandle } from '../../../connector/src/app/connector.js';
import type { RunningEmulator } from '../../emulator/index.js';
import { resetWordPress } from '../../wordpress/reset.js';
import type { ProvidedWordPress } from '../../wordpress/target.js';
import { connectAs, connectorEnvironment, startTrustedEmulator } from './emulated-org.js';

export interface ConnectorSetting {
  emulator: RunningEmulator;
  admin: Connection;
  config: Config;
}

export async function connectorSetting(
  wordpress: ProvidedWordPress,
  stateDir: string,
  auth: 'jwt' | 'client-credentials',
): Promise<ConnectorSetting> {
  await resetWordPress(wordpress);
  const emulator = await startTrustedEmulator();
  const admin = await connectAs(emulator, 'admin');
  const config = loadConfig({
    cwd: stateDir,
    env: connectorEnvironment(emulator, wordpress, stateDir, auth),
  });
  return { emulator, admin, config };
}

/** Starts the connector, its JSON log at `info` going to `destination` (a `logCapture` stream). */
export function startLoggedConnector(
  config: Config,
  destination: Writable,
): Promise<ConnectorHandle> {
  return startConnector(config, { logger: createLogger({ level: 'info', destination }) });
}

/** Stops the connector (if running) and the emulator, and removes the state directory. */
export async function tearDownConnectorSetting(
  connector: ConnectorHandle | undefined,
  emulator: RunningEmulator,
  stateDir: string,
): Promise<void> {
  await connector?.stop();
  await emulator.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
