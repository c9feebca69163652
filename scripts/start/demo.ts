/**
 * `npm start` on the embedded default: the local WordPress (or WP_URL's), the org emulator with
 * sample data, and the connector in this process; a banner; the initial sync with its progress
 * bar; then a readable live log until Ctrl-C, which stops everything.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeDemoConfig } from '../../connector/src/cli/demo-config.js';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import { renderBanner } from './banner.js';
import { demoConnectorEnvironment, startDemoConnector } from './connector.js';
import { demoCoordinates } from './coordinates.js';
import {
  DEMO_LOG,
  DEMO_ORG,
  DEMO_STATE,
  demoDirectory,
  demoFilePath,
  readDemoFile,
  removeDemoFile,
  writeDemoFile,
} from './demo-file.js';
import {
  demoMappings,
  relinkSampleAccounts,
  startDemoOrg,
  type DemoMapping,
  type DemoOrg,
} from './emulator.js';
import { runInitialSync } from './initial-sync.js';
import { SECOND_ORG, startSecondOrg, writeOrgsConfig } from './second-org.js';
import { LiveLogSink, createDemoLogger } from './log-sink.js';
import { DEMO_PORTS, portIfFree } from './ports.js';
import { quietExpectedDemoWarnings } from './quiet-warnings.js';
import { forgetChildren, programNames, recordChildren, stopLeftovers } from './leftovers.js';
import { rotateLog } from './log-rotation.js';
import { listenForStop } from './shutdown.js';
import { ensureSampleDirectory } from './sample-directory.js';
import { activateSampleFormMapping, ensureSampleForm } from './sample-form.js';
import { DemoSetupError, startDemoWordPress, type DemoWordPress } from './wordpress.js';

export interface DemoOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Start the local WordPress, the org and the connector's state afresh; false
   * (`npm start -- --keep`) keeps the last run's, so the sync resumes where it stopped.
   */
  fresh: boolean;
  /** `--orgs 2`: a second org (`service`) beside the demo's, one connector serving both. */
  orgs?: 1 | 2;
}

const STOP_TIMEOUT_MS = 20_000;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function shown(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside !== '' && !inside.startsWith('..') ? inside : path;
}

/** Starts both in parallel; whatever did start is handed to `started` even if the other failed. */
async function startBoth<A, B>(
  a: Promise<A>,
  b: Promise<B>,
  started: (value: A | B) => void,
): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'fulfilled') started(first.value);
  if (second.status === 'fulfilled') started(second.value);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const print = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  quietExpectedDemoWarnings();
  const directory = demoDirectory(options.env, options.cwd);
  mkdirSync(directory, { recursive: true });
  const previous = readDemoFile(directory);
  if (previous.state === 'running') {
    process.stderr.write(
      `A demo is already running (process ${String(previous.coordinates.pid)}, ` +
        `${shown(demoFilePath(directory), options.cwd)}). Stop it with Ctrl-C in its terminal first.\n`,
    );
    return 1;
  }
  // A demo killed without its clean-up leaves the local WordPress's servers running: they hold
  // its database's lock and its port.
  const leftovers = await stopLeftovers(directory);
  if (leftovers.length > 0) {
    print(
      `Stopped ${String(leftovers.length)} processes left over from the previous run ` +
        `(${programNames(leftovers)}: ${leftovers.map((record) => String(record.pid)).join(', ')}).`,
    );
  }
  const logFile = join(directory, DEMO_LOG);
  const previousLog = rotateLog(logFile);
  if (previousLog !== undefined && previous.state === 'stale') {
    print(`The previous run did not stop cleanly; its log is ${shown(previousLog, options.cwd)}.`);
  }
  // The org, the connector's state and the WordPress go together: all kept or all new.
  const stateDir = join(directory, DEMO_STATE);
  const orgDir = join(directory, DEMO_ORG);
  if (options.fresh) {
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(orgDir, { recursive: true, force: true });
  }
  mkdirSync(stateDir, { recursive: true });

  let mappings = new Map<string, DemoMapping>();
  const sink = new LiveLogSink(logFile, print, {
    describeMapping: (name) => mappings.get(name),
    color: process.stdout.isTTY && options.env.NO_COLOR === undefined,
  });
  const logger = createDemoLogger(sink);

  let wroteDemoFile = false;
  const signals = listenForStop(() => {
    if (wroteDemoFile) removeDemoFile(directory);
  });
  // Stops the connector's start command on Ctrl-C, or when the demo itself fails.
  let stopInternally: () => void = () => undefined;
  const shutdown = Promise.race([
    signals.requested,
    new Promise<string>((resolve) => {
      stopInternally = () => {
        resolve('demo failure');
      };
    }),
  ]);
  let wordpress: DemoWordPress | undefined;
  let org: DemoOrg | undefined;
  let secondOrg: DemoOrg | undefined;
  let connectorExited: Promise<number> | undefined;

  const run = async (): Promise<number> => {
    print('Starting the local stack: WordPress and the Salesforce org emulator…');
    const [wordpressPort, emulatorPort, pubSubPort, statusPort] = await Promise.all([
      portIfFree(DEMO_PORTS.wordpress),
      portIfFree(DEMO_PORTS.emulator),
      portIfFree(DEMO_PORTS.pubSub),
      portIfFree(DEMO_PORTS.status),
    ]);
    const [site, salesforce] = await startBoth(
      startDemoWordPress({
        env: options.env,
        dataDir: join(options.cwd, '.wordpress', 'local'),
        fresh: options.fresh,
        port: wordpressPort,
        log: (line) => {
          print(`  ${line}`);
        },
      }),
      startDemoOrg({ http: emulatorPort, pubSub: pubSubPort, dataDir: orgDir }),
      (started) => {
        if ('emulator' in started) org = started;
        else wordpress = started;
      },
    );
    // From here a crash leaves these behind; the next start stops them (see leftovers.ts).
    recordChildren(directory);
    print(
      salesforce.kept
        ? `  Salesforce org emulator up at ${salesforce.emulator.instanceUrl} with the org of ` +
            `the last run (${String(salesforce.emulator.org.restoredRecords)} records kept)`
        : `  Salesforce org emulator up at ${salesforce.emulator.instanceUrl} with ` +
            `${String(salesforce.sampleAccountIds.length)} sample Accounts and ` +
            `${String(salesforce.sampleContactIds.length)} Contacts`,
    );
    if (signals.isRequested()) return 0;

    mappings = demoMappings(salesforce.emulator);
    const target = site.target;
    const client = new WpapiWordPressClient({
      siteUrl: target.url,
      username: target.username,
      applicationPassword: target.applicationPassword,
    });
    const account = [...mappings.values()].find((m) => m.salesforceObject === 'Account');
    // A kept org still knows its posts; a new one meets the posts a kept WordPress has.
    if (!salesforce.kept) {
      await relinkSampleAccounts(salesforce, account, client).catch((error: unknown) => {
        logger.warn({ reason: (error as Error).message }, 'could not look for earlier demo posts');
      });
    }

    const sampleForm = await ensureSampleForm(target).catch((error: unknown) => {
      logger.warn({ reason: (error as Error).message }, 'could not create the sample form');
      return undefined;
    });
    if (sampleForm) {
      activateSampleFormMapping(salesforce.emulator, sampleForm.formId);
      mappings = demoMappings(salesforce.emulator);
    }
    const sampleDirectory = await ensureSampleDirectory(target).catch((error: unknown) => {
      logger.warn({ reason: (error as Error).message }, 'could not create the sample directory');
      return undefined;
    });

    const status = { port: statusPort, token: randomBytes(24).toString('base64url') };
    let env = demoConnectorEnvironment(salesforce.emulator, target, stateDir, status);
    let connectorArgs: string[] = [];
    let orgsList: unknown;
    if (options.orgs === 2) {
      if (options.fresh) rmSync(`${orgDir}-${SECOND_ORG}`, { recursive: true, force: true });
      secondOrg = await startSecondOrg(orgDir);
      const second = secondOrg.emulator;
      const orgsConfig = writeOrgsConfig(directory, env, {
        emulator: second,
        env: demoConnectorEnvironment(second, target, stateDir, status),
      });
      env = orgsConfig.env;
      orgsList = orgsConfig.config.orgs;
      connectorArgs = ['--config', orgsConfig.file];
      print(
        `  Second org '${SECOND_ORG}' (emulator) up at ${second.instanceUrl}: its Contacts come ` +
          `from WordPress, which the first org fills`,
      );
    }
    const connector = startDemoConnector({
      env,
      cwd: directory,
      logger,
      shutdown,
      args: connectorArgs,
    });
    connectorExited = connector.exited;
    const up = await Promise.race([connector.ready, shutdown.then(() => undefined)]);
    if (up === undefined) return 0;

    const coordinates = demoCoordinates({ site, org: salesforce, status, logFile });
    const demoFile = writeDemoFile(directory, coordinates);
    // For `npm run sfwp -- status` (dlq, sync…) in a second terminal; quieter than the demo's.
    const configFile = writeDemoConfig(directory, { ...env, SFWP_LOG_LEVEL: 'warn' }, orgsList);
    wroteDemoFile = true;
    print(
      renderBanner({
        coordinates,
        demoFile: shown(demoFile, options.cwd),
        configFile: shown(configFile, options.cwd),
        logFile: shown(logFile, options.cwd),
        startupMs: performance.now(),
      }),
    );

    if (sampleForm) print(`  Sample lead form: ${sampleForm.pageUrl}\n`);
    if (sampleDirectory) print(`  Sample Account directory: ${sampleDirectory.pageUrl}\n`);

    const loaded = new Set(up.running.status().mappings.loaded);
    const sync = runInitialSync({
      mappings: [...mappings.values()].filter((mapping) => loaded.has(mapping.name)),
      connector: up.running,
      env,
      cwd: directory,
      logger,
      print,
      liveLog: sink,
      ...(connectorArgs.length > 0 ? { args: [...connectorArgs, '--org', 'default'] } : {}),
    });
    sync.catch(() => undefined);
    const report = await Promise.race([sync, shutdown.then(() => undefined)]);
    sink.release();
    if (report === undefined) return 0;
    print(
      `Initial sync done in ${seconds(report.ms)} (${String(report.records)} record outcomes in ` +
        `the JSON log)` +
        (report.failed.length > 0
          ? `; failures in ${report.failed.join(', ')}: see the lines above and the JSON log`
          : ''),
    );
    print('\nLive log (changes both ways; Ctrl-C stops everything):');
    await shutdown;
    return 0;
  };

  const code = await run().catch((error: unknown) => {
    sink.release();
    process.stderr.write(
      error instanceof DemoSetupError
        ? `\n${error.message}\n`
        : `\nnpm start: ${error instanceof Error ? error.message : String(error)}\n` +
            `(details in ${shown(logFile, options.cwd)})\n`,
    );
    return 1;
  });

  print('\nStopping…');
  stopInternally();
  const stopped = await Promise.race([
    (async () => {
      await connectorExited?.catch(() => undefined);
      await org?.emulator.stop();
      await secondOrg?.emulator.stop();
      await wordpress?.stop();
      return true;
    })(),
    new Promise<false>((resolve) => {
      setTimeout(() => {
        resolve(false);
      }, STOP_TIMEOUT_MS).unref();
    }),
  ]).catch((error: unknown) => {
    process.stderr.write(`Stopping failed: ${(error as Error).message}\n`);
    return false;
  });
  removeDemoFile(directory);
  if (stopped) forgetChildren(directory);
  sink.close();
  print(stopped ? 'Stopped.' : 'Some parts did not stop in time; they end with this process.');
  return stopped ? code : 1;
}
