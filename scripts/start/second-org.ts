/**
 * `npm start -- --orgs 2`: a second org emulator (`service`, empty but for the package's
 * mappings) beside the demo's org (`default`, with the sample data), and one connector serving
 * both through an `orgs:` configuration. The sample people reach the second org through
 * WordPress: the connector's WordPress writes for `default` are read by `service`'s change-feed
 * reader (docs/OPERATIONS.md, several orgs).
 */
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { configFromEnvironment } from '../../connector/src/cli/demo-config.js';
import type { RunningEmulator } from '../../test/emulator/index.js';
import type { DemoOrg } from './emulator.js';
import { startDemoOrg } from './emulator.js';
import { portIfFree } from './ports.js';

export const SECOND_ORG = 'service';
/** Preferred ports of the second emulator (HTTPS, Pub/Sub). */
const SECOND_ORG_PORTS = { emulator: 8884, pubSub: 8885 } as const;
const ORGS_CONFIG_FILE = 'demo-orgs.yaml';

export async function startSecondOrg(orgDir: string): Promise<DemoOrg> {
  const [http, pubSub] = await Promise.all([
    portIfFree(SECOND_ORG_PORTS.emulator),
    portIfFree(SECOND_ORG_PORTS.pubSub),
  ]);
  return startDemoOrg({ http, pubSub, dataDir: `${orgDir}-${SECOND_ORG}`, seed: false });
}

/** The `salesforce:` settings the connector's environment gives for an emulator. */
function orgSettings(env: Record<string, string>): Record<string, unknown> {
  const salesforce = configFromEnvironment(env).salesforce;
  return typeof salesforce === 'object' && salesforce !== null
    ? (salesforce as Record<string, unknown>)
    : {};
}

/**
 * The connector's configuration for both orgs, written (mode 0600: the emulators' throwaway
 * credentials) where `--config` finds it, and the environment without the `SF_*` variables
 * (they would set `salesforce:` beside `orgs:`).
 */
export function writeOrgsConfig(
  directory: string,
  env: Record<string, string>,
  second: { emulator: RunningEmulator; env: Record<string, string> },
): { file: string; env: Record<string, string>; config: Record<string, unknown> } {
  const config = configFromEnvironment(env);
  delete config.salesforce;
  config.orgs = [
    { name: 'default', ...orgSettings(env) },
    { name: SECOND_ORG, ...orgSettings(second.env) },
  ];
  const file = join(directory, ORGS_CONFIG_FILE);
  const temporary = `${file}.${String(process.pid)}.tmp`;
  writeFileSync(
    temporary,
    `# Written by \`npm start -- --orgs 2\`: the demo's two orgs (throwaway local credentials).\n${stringify(config)}`,
    { mode: 0o600 },
  );
  renameSync(temporary, file);
  const withoutSalesforce = Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith('SF_')),
  );
  return { file, env: withoutSalesforce, config };
}
