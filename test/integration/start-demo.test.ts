/**
 * `npm start` as a user runs it: `tsx scripts/start.ts` as a child process on the test run's
 * WordPress (WP_URL, so it starts only the org emulator and the connector), then
 * `npm run demo:change -- salesforce` and `-- wordpress` from "a second terminal", then Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import { connectAsAdmin } from '../../scripts/demo-change/salesforce.js';
import type { DemoCoordinates } from '../../scripts/start/demo-file.js';
import { resetWordPress } from '../wordpress/reset.js';
import { loadConfig } from '../../connector/src/config/index.js';
import { openSalesforceSession } from '../../connector/src/salesforce/session.js';
import { sfwp } from './support/demo-process.js';

const wordpress = inject('wordpress');
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const workDir = mkdtempSync(join(tmpdir(), 'sfwp-start-demo-'));
const demoDir = join(workDir, 'demo');

/** The user's environment without anything that would make `npm start` run a real org. */
function demoEnvironment(): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([name]) => !name.startsWith('SF_') && !name.startsWith('SFWP_'),
  );
  return {
    ...Object.fromEntries(kept),
    WP_URL: wordpress.url,
    WP_USERNAME: wordpress.username,
    WP_APP_PASSWORD: wordpress.applicationPassword,
    SFWP_DEMO_DIR: demoDir,
    NO_COLOR: '1',
  };
}

let demo: ChildProcess | undefined;
let output = '';
let exit: Promise<number | null> | undefined;

async function waitFor(what: string, probe: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output}`);
    if (demo?.exitCode !== null) throw new Error(`npm start exited early; output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, { cwd: workDir, env: demoEnvironment() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  await resetWordPress(wordpress);
});

afterAll(async () => {
  if (demo && demo.exitCode === null) {
    demo.kill('SIGINT');
    const timer = setTimeout(() => demo?.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  }
  rmSync(workDir, { recursive: true, force: true });
});

interface DeadLetterEntry {
  id: number;
  status: string;
  salesforceId?: string;
  errorCode: string;
}

async function deadLetters(env: NodeJS.ProcessEnv): Promise<DeadLetterEntry[]> {
  const listed = await sfwp(['dlq', 'list', '--json'], env);
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout) as DeadLetterEntry[];
}

/**
 * The README's second-terminal commands, as real `npm run sfwp -- …` processes with no
 * connector settings in the environment: they find the demo's configuration file.
 */
async function secondTerminalCommands(coordinates: DemoCoordinates): Promise<void> {
  const env = demoEnvironment();
  const configFile = join(demoDir, 'demo-connector.yaml');
  expect(statSync(configFile).mode & 0o777).toBe(0o600);

  const status = await sfwp(['status'], env);
  expect(status.code, status.stdout + status.stderr).toBe(0);
  expect(status.stdout).toContain('State:         running');
  expect(status.stdout).toContain(`WordPress:     ${wordpress.url}`);
  expect(status.stderr).toContain("using the demo's configuration");

  // A Contact whose email WordPress refuses (an underscore in the domain) becomes a dead letter.
  const admin = await connectAsAdmin(coordinates);
  const created = await admin
    .sobject('Contact')
    .create({ LastName: 'Refused', Email: 'refused@under_score.example' });
  const contactId = created.success ? created.id : '';
  const deadline = Date.now() + 90_000;
  let letter: DeadLetterEntry | undefined;
  while (!letter && Date.now() < deadline) {
    letter = (await deadLetters(env)).find(
      (entry) => entry.salesforceId === contactId && entry.status === 'open',
    );
  }
  if (!letter)
    throw new Error(`no dead letter for ${contactId}; output:
${output}`);
  const listed = await sfwp(['dlq', 'list'], env);
  expect(listed.stdout).toContain(contactId);

  // Fixed in Salesforce by the integration user (whose edits publish no event), then retried.
  const config = loadConfig({ file: configFile, env: {}, cwd: workDir });
  const integration = await openSalesforceSession(config.salesforce);
  await integration.connection
    .sobject('Contact')
    .update({ Id: contactId, Email: 'refused@example.test' });
  const retry = await sfwp(['dlq', 'retry', String(letter.id)], env);
  expect(retry.code, retry.stderr).toBe(0);
  expect(retry.stdout).toContain(`Queued 1 dead letter for retry (${String(letter.id)})`);
  const retried = new RegExp(`Contact ${contactId} {2}→ user \\d+ {2}created`);
  await waitFor('the retried record', () => retried.test(output));
  expect((await deadLetters(env)).find((entry) => entry.id === letter.id)?.status).toBe('retried');

  const dryRun = await sfwp(['sync', '--full', '--mapping', 'Contact_User', '--dry-run'], env);
  expect(dryRun.code, dryRun.stdout + dryRun.stderr).toBe(0);
  expect(dryRun.stdout).toMatch(
    /Dry run: would have created 0, updated 0, linked 0, unchanged \d+, failed 0\./,
  );
  for (const result of [status, listed, retry, dryRun]) {
    for (const secret of [wordpress.applicationPassword, coordinates.connector.token]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  }
}

/** Fills the sample form as a visitor's browser would post it without JavaScript; answers the email. */
async function submitSampleForm(pageUrl: string): Promise<string> {
  const html = await (await fetch(`${pageUrl}?utm_source=demo-test`)).text();
  const action = /<form[^>]+action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  if (action === undefined) throw new Error('no form on the sample page');
  const hidden: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    hidden[match[1] ?? ''] = (match[2] ?? '').replaceAll('&amp;', '&');
  }
  // The intake refuses forms sent faster than a person fills them in.
  await new Promise((resolve) => setTimeout(resolve, 3500));
  const email = `visitor-${String(Date.now())}@example.test`;
  const response = await fetch(action, {
    method: 'POST',
    headers: { accept: 'application/json' },
    body: new URLSearchParams({
      ...hidden,
      first_name: 'Vera',
      last_name: 'Visitor',
      email,
      company: 'Demo Ltd',
      sfwp_consent: '1',
    }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return email;
}

async function waitForLead(
  admin: Awaited<ReturnType<typeof connectAsAdmin>>,
  email: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const result = await admin.query<Record<string, unknown>>(
      `SELECT Id, LastName, Company, LeadSource FROM Lead WHERE Email = '${email}'`,
    );
    const lead = result.records[0];
    if (lead !== undefined) return lead;
    if (Date.now() > deadline) throw new Error(`no Lead for ${email}; output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('npm start on the embedded default', () => {
  it('refuses demo:change while no demo runs', async () => {
    const result = await run([join(root, 'scripts', 'demo-change.ts'), 'salesforce']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('start the demo first with npm start');
  });

  it('starts the stack, syncs the sample, carries changes both ways, and stops on Ctrl-C', async () => {
    const started = performance.now();
    const child = spawn(tsx, [join(root, 'scripts', 'start.ts')], {
      cwd: workDir,
      env: demoEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo = child;
    exit = new Promise((resolve) =>
      child.once('exit', (code) => {
        resolve(code);
      }),
    );
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

    await waitFor('the banner', () => output.includes('npm run demo:change -- salesforce'));
    const bannerMs = performance.now() - started;
    await waitFor('the initial sync', () => output.includes('Live log'));
    const syncedMs = performance.now() - started;
    console.log(
      `[start-demo] banner after ${(bannerMs / 1000).toFixed(1)} s, initial sync done after ` +
        `${(syncedMs / 1000).toFixed(1)} s (child process start included)`,
    );

    expect(output).toContain(`WordPress        ${wordpress.url}`);
    expect(output).toMatch(/Salesforce {7}https:\/\/127\.0\.0\.1:\d+ {2}org emulator/);
    // The sample's 3 Contacts became users, its 2 Accounts organization posts.
    expect(output).toContain('created 3, updated 0, linked 0, unchanged 0, failed 0.');
    expect(output).toContain('created 2, updated 0, linked 0, unchanged 0, failed 0.');
    // Readable console: no raw pino lines.
    expect(output).not.toMatch(/^\{"level"/m);

    const demoFile = join(demoDir, 'demo.json');
    expect(statSync(demoFile).mode & 0o777).toBe(0o600);
    const coordinates = JSON.parse(readFileSync(demoFile, 'utf8')) as DemoCoordinates;
    const health = await fetch(`${coordinates.connector.statusUrl}/healthz`, {
      headers: { authorization: `Bearer ${coordinates.connector.token}` },
    });
    expect(health.status).toBe(200);
    expect(((await health.json()) as { state: string }).state).toBe('running');
    expect(coordinates.connector.statusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const liveFrom = output.length;
    const change = await run([join(root, 'scripts', 'demo-change.ts'), 'salesforce']);
    expect(change.stderr).toBe('');
    expect(change.code).toBe(0);
    const changed = /LastName +(.+) → (.+)$/m.exec(change.stdout);
    expect(changed?.[1]).toBe('Lovelace');
    const newLastName = changed?.[2] ?? '';
    expect(newLastName).toMatch(/^Lovelace \(\d\d:\d\d:\d\d\)$/);

    const contactId = coordinates.salesforce.sampleContactIds[0] ?? '';
    const pattern = new RegExp(
      `\\d\\d:\\d\\d:\\d\\d {2}Salesforce → WordPress {2}Contact ${contactId} {2}→ user (\\d+) {2}updated \\(LastName\\)`,
    );
    await waitFor('the change in the live log', () => pattern.test(output.slice(liveFrom)));
    const userId = Number(pattern.exec(output.slice(liveFrom))?.[1]);
    const client = new WpapiWordPressClient({
      siteUrl: wordpress.url,
      username: wordpress.username,
      applicationPassword: wordpress.applicationPassword,
    });
    expect((await client.get('user', userId)).last_name).toBe(newLastName);

    // The other way: an edit in WordPress reaches the Contact and the live log.
    const back = await run([
      join(root, 'scripts', 'demo-change.ts'),
      'wordpress',
      '--last-name',
      'Byron',
    ]);
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`WordPress: updated user ${String(userId)}`);
    const backPattern = new RegExp(
      `WordPress → Salesforce {2}user ${String(userId)} +→ Contact ${contactId} {2}updated \\(LastName\\)`,
    );
    await waitFor('the WordPress change in the live log', () =>
      backPattern.test(output.slice(liveFrom)),
    );
    const admin = await connectAsAdmin(coordinates);
    const contact = await admin.sobject('Contact').retrieve(contactId);
    expect((contact as unknown as { LastName: string }).LastName).toBe('Byron');

    // The sample lead form: a visitor's submission becomes a Lead in the emulator.
    const formPage = /Sample lead form: (\S+)/.exec(output)?.[1];
    expect(formPage, 'the banner prints the sample form page').toBeDefined();
    const email = await submitSampleForm(formPage ?? '');
    const lead = await waitForLead(admin, email);
    expect(lead).toMatchObject({ LastName: 'Visitor', Company: 'Demo Ltd', LeadSource: 'Web' });

    await secondTerminalCommands(coordinates);

    const stopAsked = performance.now();
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    console.log(
      `[start-demo] stopped ${((performance.now() - stopAsked) / 1000).toFixed(1)} s after SIGINT`,
    );
    expect(output).toContain('Stopped.');
    expect(existsSync(demoFile)).toBe(false);

    const jsonLog = readFileSync(join(demoDir, 'demo.log'), 'utf8');
    expect(jsonLog).toContain('"msg":"record synced"');
    for (const secret of [
      wordpress.applicationPassword,
      coordinates.connector.token,
      coordinates.salesforce.clientSecret,
    ]) {
      expect(jsonLog).not.toContain(secret);
    }
  }, 240_000);
});
