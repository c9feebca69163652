import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chooseConfigFile, DEMO_CONFIG_FILE, writeDemoConfig } from '../../src/cli/demo-config.js';
import { loadConfig } from '../../src/config/index.js';
import { ConnectorMetrics } from '../../src/observability/metrics.js';
import { startStatusServer, type StatusServer } from '../../src/server/index.js';
import { connectorStatus } from '../server/status-fixture.js';
import { environment, SECRETS, temporaryDirectory } from './fixtures.js';
import { sfwp } from './run-sfwp.js';

const root = temporaryDirectory('demo-config');
const servers: StatusServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
/** A working directory with a demo directory (`.sfwp`) in it. */
function workingDirectory(): { cwd: string; demoDir: string } {
  counter++;
  const cwd = join(root, `cwd-${String(counter)}`);
  const demoDir = join(cwd, '.sfwp');
  mkdirSync(demoDir, { recursive: true });
  return { cwd, demoDir };
}

describe('the demo connector configuration', () => {
  it('is written with mode 0600 and loads as the same configuration the environment gave', () => {
    const { cwd, demoDir } = workingDirectory();
    const env = environment({
      SFWP_STORE_PATH: join(demoDir, 'state', 'state.sqlite'),
      SFWP_HTTP_PORT: '9555',
      SFWP_STATUS_TOKEN: SECRETS.statusToken,
      SF_VERIFY_TLS: 'false',
    }) as Record<string, string>;
    const path = writeDemoConfig(demoDir, env);
    expect(path).toBe(join(demoDir, DEMO_CONFIG_FILE));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const fromFile = loadConfig({ file: path, env: {}, cwd });
    const fromEnv = loadConfig({ env, cwd });
    expect(fromFile.server.port).toBe(9555);
    expect(fromFile.salesforce.verifyTls).toBe(false);
    expect(fromFile.server.token?.reveal()).toBe(SECRETS.statusToken);
    expect(fromFile.wordpress.applicationPassword.reveal()).toBe(SECRETS.appPassword);
    expect(fromFile.store.path).toBe(fromEnv.store.path);
    expect(readFileSync(path, 'utf8')).toContain('# Written by `npm start`');
  });

  it('is found only when nothing else configures the connector', () => {
    const { cwd, demoDir } = workingDirectory();
    const demoFile = join(demoDir, DEMO_CONFIG_FILE);
    const find = (env: NodeJS.ProcessEnv, options: { file?: string; demo?: boolean } = {}) =>
      chooseConfigFile({ ...options, findDemo: true }, env, cwd);
    expect(find({})).toEqual({ file: undefined, demo: false });
    writeDemoConfig(demoDir, environment() as Record<string, string>);
    expect(find({})).toEqual({ file: demoFile, demo: true });
    expect(find({ SF_LOGIN_URL: 'https://acme.my.salesforce.com' }).demo).toBe(false);
    expect(find({ SFWP_CONFIG: 'mine.yaml' }).demo).toBe(false);
    expect(find({}, { file: 'other.yaml' })).toEqual({ file: 'other.yaml', demo: false });
    expect(find({ SF_LOGIN_URL: 'https://x.example' }, { demo: true }).file).toBe(demoFile);
    expect(chooseConfigFile({ findDemo: false }, {}, cwd).file).toBeUndefined();
    writeFileSync(join(cwd, 'sfwp.config.yaml'), '{}\n');
    expect(find({}).demo).toBe(false);
  });
});

describe('sfwp commands next to a running demo', () => {
  it('status reaches the demo with no environment and says which configuration it used', async () => {
    const { cwd, demoDir } = workingDirectory();
    const server = await startStatusServer({
      port: 0,
      token: SECRETS.statusToken,
      status: () => connectorStatus(),
      metrics: new ConnectorMetrics({ defaultMetrics: false }),
    });
    servers.push(server);
    writeDemoConfig(
      demoDir,
      environment({
        SFWP_HTTP_HOST: '127.0.0.1',
        SFWP_HTTP_PORT: String(server.port),
        SFWP_STATUS_TOKEN: SECRETS.statusToken,
      }) as Record<string, string>,
    );
    const result = await sfwp(['status'], { cwd, env: {} });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('State:         running');
    expect(result.stderr).toBe(
      "sfwp: using the demo's configuration (.sfwp/demo-connector.yaml)\n",
    );
    expect(result.stdout + result.stderr).not.toContain(SECRETS.statusToken);
  });

  it('--demo without a demo says to start one (exit 1)', async () => {
    const { cwd } = workingDirectory();
    const result = await sfwp(['dlq', 'list', '--demo'], { cwd, env: {} });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No demo configuration at .sfwp/demo-connector.yaml');
    expect(result.stderr).toContain('npm start');
  });

  it('without a demo or a configuration, still names what is missing', async () => {
    const { cwd } = workingDirectory();
    const result = await sfwp(['dlq', 'list'], { cwd, env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('salesforce');
  });
});
