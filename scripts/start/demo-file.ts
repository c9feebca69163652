/**
 * `.sfwp/demo.json`: where the running demo is and the local throwaway credentials that
 * `npm run demo:change` needs. Mode 0600, git-ignored, deleted when the demo stops.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { DEMO_CONFIG_FILE } from '../../connector/src/cli/demo-config.js';
import { join } from 'node:path';

export const DEMO_FILE = 'demo.json';
export const DEMO_LOG = 'demo.log';
/** The connector's state database (replay positions, links, dead letters). */
export const DEMO_STATE = 'demo-state';
/** The org emulator's records and events. */
export const DEMO_ORG = 'demo-org';

export interface DemoLogin {
  username: string;
  password: string;
}

export interface DemoCoordinates {
  version: 1;
  /** The `npm start` process; a file whose process is gone is stale. */
  pid: number;
  startedAt: string;
  wordpress: {
    url: string;
    adminUrl: string;
    /** The web login, when the demo started the local WordPress. */
    admin?: DemoLogin;
    /** REST credentials (application password) for the demo's own changes. */
    changes: { username: string; applicationPassword: string; isConnectorUser: boolean };
  };
  salesforce: {
    instanceUrl: string;
    clientId: string;
    clientSecret: string;
    /** The emulator's administrator: its changes publish sync events. */
    admin: DemoLogin & { securityToken: string };
    /** The emulator's self-signed HTTPS certificate, to trust it without turning checks off. */
    certificatePem: string;
    sampleContactIds: string[];
  };
  connector: { statusUrl: string; token: string };
  logFile: string;
}

/** The demo's directory: `SFWP_DEMO_DIR`, else `.sfwp` in the working directory. */
export { demoDirectory } from '../../connector/src/cli/demo-config.js';

export function demoFilePath(directory: string): string {
  return join(directory, DEMO_FILE);
}

export function writeDemoFile(directory: string, coordinates: DemoCoordinates): string {
  const path = demoFilePath(directory);
  const temporary = `${path}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(coordinates, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
  return path;
}

/** Removes `demo.json` and the connector configuration beside it. */
export function removeDemoFile(directory: string): void {
  rmSync(demoFilePath(directory), { force: true });
  rmSync(join(directory, DEMO_CONFIG_FILE), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type DemoFileState =
  | { state: 'missing' }
  | { state: 'stale'; pid: number }
  | { state: 'running'; coordinates: DemoCoordinates };

/** The demo file and whether its process still runs. */
export function readDemoFile(directory: string): DemoFileState {
  const path = demoFilePath(directory);
  if (!existsSync(path)) return { state: 'missing' };
  const coordinates = JSON.parse(readFileSync(path, 'utf8')) as Partial<DemoCoordinates>;
  if (coordinates.version !== 1 || coordinates.pid === undefined || !isAlive(coordinates.pid)) {
    return { state: 'stale', pid: coordinates.pid ?? 0 };
  }
  return { state: 'running', coordinates: coordinates as DemoCoordinates };
}
