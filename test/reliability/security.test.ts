/**
 * Issue #8, Security: every inbound route refuses anonymous, low-privilege and forged callers;
 * no secret used in a run ends up in any log, command output or state file; TLS certificates are
 * verified by default on both sides, and the opt-out is explicit and loud.
 *
 * One real `sfwp start` process (debug logging) runs between the org emulator (HTTPS,
 * self-signed) and the run's WordPress, reached through an HTTPS proxy with a self-signed
 * certificate, so the TLS opt-outs of both sides are exercised by the run that syncs.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import {
  connectAs,
  connectorEnvironment,
  startTrustedEmulator,
} from '../integration/support/emulated-org.js';
import { eventually } from '../integration/support/eventually.js';
import { findFreePort } from '../wordpress/php-server.js';
import { resetWordPress } from '../wordpress/reset.js';
import type { WordPressPeople } from '../wordpress/target.js';
import { report } from './support/scale.js';
import {
  basicCredentials,
  pemSecrets,
  scanForSecrets,
  secret,
  type Corpus,
  type Secret,
} from './support/secret-scan.js';
import { startTlsProxy, type TlsProxy } from './support/tls-proxy.js';

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-security-'));
/** The emulator's certificate, for the commands that trust it explicitly (outside stateDir). */
const caFile = `${stateDir}-ca.pem`;
const CLI = ['--import', 'tsx', 'connector/src/cli/main.ts'];

function people(): WordPressPeople {
  if (!wordpress.people || !wordpress.siteDir) {
    throw new Error(
      'The security suite needs the test people (subscriber, editor) and the site files that ' +
        'only a WordPress started by this run has; unset WP_URL, WP_USERNAME and WP_APP_PASSWORD.',
    );
  }
  return wordpress.people;
}

/** Everything the run printed or wrote, for the secrets scan. */
const corpus: Corpus[] = [];

function keep(source: string, text: string | Buffer): void {
  corpus.push({ source, content: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8') });
}

// ---------------------------------------------------------------------------------------------
// The connector as a process
// ---------------------------------------------------------------------------------------------

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Running {
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<Finished>;
  kill(signal: NodeJS.Signals): void;
}

function sfwp(args: string[], env: NodeJS.ProcessEnv, label: string): Running {
  const child = spawn(process.execPath, [...CLI, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Finished>((resolve) => {
    child.once('exit', (code) => {
      keep(`${label}: stdout`, stdout);
      keep(`${label}: stderr`, stderr);
      resolve({ code, stdout, stderr });
    });
  });
  children.push(child);
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill: (signal) => child.kill(signal),
  };
}

const children: ReturnType<typeof spawn>[] = [];

/** A one-off `sfwp` command that must end on its own. */
async function command(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  const run = sfwp(args, env, `sfwp ${args.join(' ')}`);
  const timeout = setTimeout(() => {
    run.kill('SIGKILL');
  }, 45_000);
  try {
    return await run.exited;
  } finally {
    clearTimeout(timeout);
  }
}

interface LogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

function logLines(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  text: string;
  headers: Headers;
}

async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

const asAdmin = (): string => basic(wordpress.username, wordpress.applicationPassword);
const asSubscriber = (): string =>
  basic(people().subscriber.username, people().subscriber.applicationPassword);
const asEditor = (): string => basic(people().editor.username, people().editor.applicationPassword);

async function wpRest(
  method: string,
  route: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply> {
  return send(`${wordpress.url}/wp-json${route}`, {
    method,
    headers: {
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function wpOk<T>(method: string, route: string, body?: unknown): Promise<T> {
  const reply = await wpRest(method, route, { authorization: asAdmin() }, body);
  if (reply.status >= 300) throw new Error(`${method} ${route}: ${reply.status} ${reply.text}`);
  return JSON.parse(reply.text) as T;
}

function originHeaders(secretValue: string, timestamp: number): Record<string, string> {
  const stamp = String(timestamp);
  const mac = createHmac('sha256', secretValue).update(`${stamp}.connector`).digest('hex');
  return { 'x-sfwp-timestamp': stamp, 'x-sfwp-origin': `sha256=${mac}` };
}

function webhookHeaders(
  secretValue: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  const stamp = String(timestamp);
  const mac = createHmac('sha256', secretValue).update(`${stamp}.${body}`).digest('hex');
  return {
    'content-type': 'application/json',
    'x-sfwp-timestamp': stamp,
    'x-sfwp-signature': `sha256=${mac}`,
  };
}

const now = (): number => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

let emulator: RunningEmulator;
let admin: Connection;
let proxy: TlsProxy;
let port: number;
let baseEnv: NodeJS.ProcessEnv;
let sharedSecret: string;
let connector: Running | undefined;
/** The status token of an earlier `sfwp start` with the same state directory. */
let oldToken = '';
let pendingContactId = '';
const PENDING_EMAIL = 'sec.pending@example.test';

const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});

const statusUrl = (): string => `http://127.0.0.1:${String(port)}`;
const currentToken = (): string => readFileSync(join(stateDir, 'status-token'), 'utf8').trim();

async function contact(id: string): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = await admin.sobject('Contact').retrieve(id);
  return record;
}

async function usersWithEmail(email: string): Promise<number> {
  const page = await wp.list('user', { search: email, perPage: 10 });
  return page.items.filter((user) => user.email === email).length;
}

async function healthz(): Promise<Record<string, unknown>> {
  const reply = await send(`${statusUrl()}/healthz`, {
    headers: { authorization: `Bearer ${currentToken()}` },
  });
  return JSON.parse(reply.text) as Record<string, unknown>;
}

beforeAll(async () => {
  people();
  await resetWordPress(wordpress);
  emulator = await startTrustedEmulator();
  admin = await connectAs(emulator, 'admin');
  proxy = await startTlsProxy(wordpress.url);
  port = await findFreePort();
  const environment = connectorEnvironment(emulator, wordpress, stateDir, 'jwt');
  sharedSecret = environment.WP_SHARED_SECRET ?? '';
  baseEnv = { ...process.env, ...environment, SFWP_HTTP_PORT: String(port) };
  // Whatever the caller's shell says, these tests choose TLS settings themselves.
  delete baseEnv.SF_VERIFY_TLS;
  delete baseEnv.WP_VERIFY_TLS;
  delete baseEnv.SFWP_CONFIG;
  delete baseEnv.SFWP_STATUS_TOKEN;
});

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  await proxy.close();
  await emulator.stop();
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(caFile, { force: true });
});

describe('TLS verification is on by default', () => {
  it('refuses the self-signed certificate of Salesforce (the emulator) and syncs nothing', async () => {
    const created = await admin
      .sobject('Contact')
      .create({ LastName: 'Pending', Email: PENDING_EMAIL });
    pendingContactId = created.success ? created.id : '';
    const env = { ...baseEnv };
    delete env.SF_VERIFY_TLS;
    const run = await command(['start'], env);
    expect(run.code, run.stderr).not.toBe(0);
    expect(run.stderr).toMatch(/^sfwp: Salesforce at https:\/\/127\.0\.0\.1:\d+ /m);
    expect(run.stderr).toContain('self-signed certificate');
    expect(run.stdout + run.stderr).not.toContain('TLS VERIFICATION IS OFF');
    expect(logLines(run.stdout).some((line) => line.msg === 'connected to Salesforce')).toBe(false);
    expect(await usersWithEmail(PENDING_EMAIL)).toBe(0);
    expect((await contact(pendingContactId)).WP_Id__c).toBeFalsy();
    report(
      'security tls',
      `Salesforce default: exit ${String(run.code)}, "${firstLine(run.stderr)}"`,
    );
  });

  it('refuses the self-signed certificate of WordPress (HTTPS proxy) and sends it nothing', async () => {
    const env = { ...baseEnv, SF_VERIFY_TLS: 'false', WP_URL: proxy.url };
    const handshakesBefore = proxy.refusedHandshakes;
    const run = await command(['start'], env);
    expect(run.code, run.stderr).not.toBe(0);
    expect(run.stderr).toContain(`WordPress at ${proxy.url}/wp-json is unreachable`);
    expect(run.stderr).toContain('TLS certificate not trusted: DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(run.stdout).not.toContain('TLS VERIFICATION IS OFF for WordPress');
    expect(proxy.forwarded, 'no HTTP request got past the handshake').toBe(0);
    expect(proxy.refusedHandshakes).toBeGreaterThan(handshakesBefore);
    expect(await usersWithEmail(PENDING_EMAIL)).toBe(0);
    oldToken = currentToken();
    report(
      'security tls',
      `WordPress default: exit ${String(run.code)}, "${firstLine(run.stderr)}"`,
    );
  });

  it('works with both opt-outs, logging each loudly at warn level', async () => {
    connector = sfwp(
      ['start', '--debug'],
      {
        ...baseEnv,
        SF_VERIFY_TLS: 'false',
        WP_URL: proxy.url,
        WP_VERIFY_TLS: 'false',
        SFWP_LOG_LEVEL: 'debug',
        // A slow poll: WordPress changes that arrive quickly came through the webhook.
        SFWP_FEED_POLL_SECONDS: '120',
        SFWP_WEBHOOK_URL: `http://127.0.0.1:${String(port)}/webhook/wordpress`,
      },
      'sfwp start (the run)',
    );
    const running = connector;
    await eventually(
      async () => {
        if (currentToken() === oldToken) return undefined;
        return (await healthz()).state === 'running' ? true : undefined;
      },
      `the connector running (output: ${running.stdout().slice(-2000)} ${running.stderr()})`,
      40_000,
    );
    expect(currentToken()).not.toBe(oldToken);
    const warnings = logLines(running.stdout()).filter((line) => line.level === 'warn');
    expect(warnings.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('TLS VERIFICATION IS OFF for Salesforce'),
        expect.stringContaining('TLS VERIFICATION IS OFF for WordPress'),
      ]),
    );
    // The Contact the refused runs left behind arrives in WordPress, through the proxy.
    const wordpressId = await eventually(async () => {
      const record = await contact(pendingContactId);
      return record.WP_Id__c ? Number(record.WP_Id__c) : undefined;
    }, 'the pending Contact synced');
    expect((await wp.get('user', wordpressId)).email).toBe(PENDING_EMAIL);
    expect(proxy.forwarded).toBeGreaterThan(0);
    report(
      'security tls',
      `opt-outs: ${String(warnings.filter((line) => line.msg.includes('TLS VERIFICATION IS OFF')).length)} warn lines, ${String(proxy.forwarded)} requests through the HTTPS proxy`,
    );
  });
});

/** A wait that, when it times out, says what the connector printed last. */
async function withOutput<T>(run: Running, waiting: Promise<T>): Promise<T> {
  try {
    return await waiting;
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\nconnector output (last 4000 bytes):\n${run.stdout().slice(-4000)}\n${run.stderr().slice(-2000)}`,
      { cause: error },
    );
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 160);
}

// ---------------------------------------------------------------------------------------------
// Every inbound route
// ---------------------------------------------------------------------------------------------

type AttemptKind = 'anonymous' | 'low-privilege' | 'forged';

interface Attempt {
  route: string;
  kind: AttemptKind;
  what: string;
  expected: number;
  send(): Promise<Reply>;
}

/** Words that only appear in a body that carries data. */
const PLUGIN_DATA =
  /"(changes|latest_cursor|acked_cursor|post_types|meta|webhook_url|shared_secret|connector_user_id|retention_days|pending)"/;
const STATUS_DATA = /sfwp_|"state"|instanceUrl|replayPositions|deadLetters|accepted/;

function refusedCleanly(attempt: Attempt, reply: Reply, dataPattern: RegExp): string | undefined {
  if (reply.status !== attempt.expected) {
    return `${attempt.route} ${attempt.kind} (${attempt.what}): HTTP ${String(reply.status)}, expected ${String(attempt.expected)}: ${reply.text.slice(0, 200)}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(reply.text);
  } catch {
    return `${attempt.route} ${attempt.kind} (${attempt.what}): body is not JSON: ${reply.text.slice(0, 200)}`;
  }
  const keys = Object.keys(body as object).sort();
  const errorShape =
    JSON.stringify(keys) === '["error"]' || JSON.stringify(keys) === '["code","data","message"]';
  if (!errorShape || dataPattern.test(reply.text)) {
    return `${attempt.route} ${attempt.kind} (${attempt.what}): the refusal carries data: ${reply.text.slice(0, 300)}`;
  }
  return undefined;
}

describe('every inbound route refuses anonymous, low-privilege and forged callers', () => {
  it('the companion plugin routes (sfwp/v1) and the connector status server', async () => {
    const subscriber = people().subscriber;
    const settingsBefore = await wpOk<Record<string, unknown>>('GET', '/sfwp/v1/settings');
    const statusBefore = await wpOk<{ acked_cursor: number; latest_cursor: number }>(
      'GET',
      '/sfwp/v1/status',
    );
    expect(settingsBefore.shared_secret_set, 'the connector gave the plugin its secret').toBe(true);
    const hostile = {
      webhook_url: 'http://attacker.invalid/hook',
      retention_days: 1,
      shared_secret: randomBytes(32).toString('hex'),
    };
    const pluginRoutes: [string, string, unknown][] = [
      ['GET', '/sfwp/v1/changes?after=0&limit=100', undefined],
      ['POST', '/sfwp/v1/ack', { cursor: statusBefore.latest_cursor }],
      ['GET', '/sfwp/v1/status', undefined],
      ['GET', '/sfwp/v1/settings', undefined],
      ['PUT', '/sfwp/v1/settings', hostile],
    ];
    const attempts: Attempt[] = [];
    for (const [method, route, body] of pluginRoutes) {
      const name = `${method} ${route.split('?')[0] ?? route}`;
      const call = (headers: Record<string, string>) => () => wpRest(method, route, headers, body);
      attempts.push(
        { route: name, kind: 'anonymous', what: 'no credentials', expected: 401, send: call({}) },
        {
          route: name,
          kind: 'anonymous',
          what: 'a valid origin signature instead of credentials',
          expected: 401,
          send: call(originHeaders(sharedSecret, now())),
        },
        {
          route: name,
          kind: 'low-privilege',
          what: 'the subscriber application password',
          expected: 403,
          send: call({ authorization: asSubscriber() }),
        },
        {
          route: name,
          kind: 'low-privilege',
          what: 'the subscriber with a valid origin signature',
          expected: 403,
          send: call({ authorization: asSubscriber(), ...originHeaders(sharedSecret, now()) }),
        },
        {
          route: name,
          kind: 'forged',
          what: 'the admin user with a made-up application password',
          expected: 401,
          send: call({ authorization: basic(wordpress.username, 'abcd EFGH ijkl MNOP qrst UVWX') }),
        },
        {
          route: name,
          kind: 'forged',
          what: "the subscriber's name with the admin's application password",
          expected: 401,
          send: call({ authorization: basic(subscriber.username, wordpress.applicationPassword) }),
        },
      );
    }

    const token = currentToken();
    const bearerRoutes: [string, string][] = [
      ['GET', '/healthz'],
      ['GET', '/metrics'],
      ['GET', '/'],
      ['POST', '/healthz'],
      ['GET', '/status'],
    ];
    for (const [method, path] of bearerRoutes) {
      const name = `status server ${method} ${path}`;
      const call =
        (headers: Record<string, string>, query = '') =>
        () =>
          send(`${statusUrl()}${path}${query}`, { method, headers });
      attempts.push(
        { route: name, kind: 'anonymous', what: 'no token', expected: 401, send: call({}) },
        {
          route: name,
          kind: 'low-privilege',
          what: "the previous run's token",
          expected: 401,
          send: call({ authorization: `Bearer ${oldToken}` }),
        },
        {
          route: name,
          kind: 'low-privilege',
          what: 'the subscriber application password as a bearer token',
          expected: 401,
          send: call({ authorization: `Bearer ${subscriber.applicationPassword}` }),
        },
        {
          route: name,
          kind: 'forged',
          what: 'the token with a byte added',
          expected: 401,
          send: call({ authorization: `Bearer ${token}A` }),
        },
        {
          route: name,
          kind: 'forged',
          what: 'the token cut short',
          expected: 401,
          send: call({ authorization: `Bearer ${token.slice(0, -1)}` }),
        },
        {
          route: name,
          kind: 'forged',
          what: 'the token as Basic credentials',
          expected: 401,
          send: call({ authorization: basic('sfwp', token) }),
        },
        {
          route: name,
          kind: 'forged',
          what: 'the token in the query string',
          expected: 401,
          send: call(
            {},
            `?token=${encodeURIComponent(token)}&access_token=${encodeURIComponent(token)}`,
          ),
        },
        {
          route: name,
          kind: 'forged',
          what: 'a valid webhook signature instead of the token',
          expected: 401,
          send: call(webhookHeaders(sharedSecret, now(), '')),
        },
      );
    }

    const pingBody = JSON.stringify({ event: 'changes', latest_cursor: 1 });
    const webhook =
      (headers: Record<string, string>, body = pingBody) =>
      () =>
        send(`${statusUrl()}/webhook/wordpress`, { method: 'POST', headers, body });
    const hook = 'status server POST /webhook/wordpress';
    attempts.push(
      { route: hook, kind: 'anonymous', what: 'unsigned', expected: 401, send: webhook({}) },
      {
        route: hook,
        kind: 'low-privilege',
        what: 'the status bearer token instead of a signature',
        expected: 401,
        send: webhook({ authorization: `Bearer ${token}` }),
      },
      {
        route: hook,
        kind: 'low-privilege',
        what: 'signed with the subscriber application password',
        expected: 401,
        send: webhook(webhookHeaders(subscriber.applicationPassword, now(), pingBody)),
      },
      {
        route: hook,
        kind: 'forged',
        what: 'signed with another secret',
        expected: 401,
        send: webhook(webhookHeaders(randomBytes(32).toString('hex'), now(), pingBody)),
      },
      {
        route: hook,
        kind: 'forged',
        what: 'a stale timestamp (330 s old)',
        expected: 401,
        send: webhook(webhookHeaders(sharedSecret, now() - 330, pingBody)),
      },
      {
        route: hook,
        kind: 'forged',
        what: 'a future timestamp (330 s ahead)',
        expected: 401,
        send: webhook(webhookHeaders(sharedSecret, now() + 330, pingBody)),
      },
      {
        route: hook,
        kind: 'forged',
        what: "another body's signature",
        expected: 401,
        send: webhook(webhookHeaders(sharedSecret, now(), '{"event":"other"}')),
      },
      {
        route: hook,
        kind: 'forged',
        what: 'a signature of zeros',
        expected: 401,
        send: webhook({
          'x-sfwp-timestamp': String(now()),
          'x-sfwp-signature': `sha256=${'0'.repeat(64)}`,
        }),
      },
      {
        route: hook,
        kind: 'forged',
        what: "the plugin's origin header instead of a signature",
        expected: 401,
        send: webhook(originHeaders(sharedSecret, now())),
      },
    );

    const failures: string[] = [];
    for (const attempt of attempts) {
      const reply = await attempt.send();
      const isPlugin = !attempt.route.startsWith('status server');
      const problem = refusedCleanly(attempt, reply, isPlugin ? PLUGIN_DATA : STATUS_DATA);
      if (problem) failures.push(problem);
      if (
        !isPlugin &&
        !attempt.route.includes('webhook') &&
        reply.headers.get('www-authenticate') !== 'Bearer realm="sfwp"'
      ) {
        failures.push(`${attempt.route} ${attempt.what}: no WWW-Authenticate: Bearer`);
      }
    }
    expect(failures).toEqual([]);

    // Nothing the refused calls asked for happened.
    const settingsAfter = await wpOk<Record<string, unknown>>('GET', '/sfwp/v1/settings');
    expect(settingsAfter.webhook_url).toBe(settingsBefore.webhook_url);
    expect(settingsAfter.retention_days).toBe(settingsBefore.retention_days);
    expect(settingsAfter.webhook_url).not.toBe(hostile.webhook_url);

    // The same routes answer the rightful caller, so the refusals above can fail.
    const positives: [string, Promise<Reply>, number, RegExp][] = [
      [
        'GET changes as admin',
        wpRest('GET', '/sfwp/v1/changes?after=0&limit=100', { authorization: asAdmin() }),
        200,
        /"changes"/,
      ],
      [
        'GET status as admin',
        wpRest('GET', '/sfwp/v1/status', { authorization: asAdmin() }),
        200,
        /"latest_cursor"/,
      ],
      [
        'GET settings as the editor (sfwp_sync)',
        wpRest('GET', '/sfwp/v1/settings', { authorization: asEditor() }),
        200,
        /"post_types"/,
      ],
      [
        'PUT settings as admin (no change)',
        wpRest(
          'PUT',
          '/sfwp/v1/settings',
          { authorization: asAdmin() },
          { retention_days: settingsBefore.retention_days },
        ),
        200,
        /"retention_days"/,
      ],
      [
        'POST ack as admin (no change)',
        wpRest(
          'POST',
          '/sfwp/v1/ack',
          { authorization: asAdmin() },
          { cursor: statusBefore.acked_cursor },
        ),
        200,
        /cursor/,
      ],
      [
        'GET /healthz with the token',
        send(`${statusUrl()}/healthz`, { headers: { authorization: `Bearer ${token}` } }),
        200,
        /"state":"running"/,
      ],
      [
        'GET /metrics with the token',
        send(`${statusUrl()}/metrics`, { headers: { authorization: `Bearer ${token}` } }),
        200,
        /sfwp_connector_info/,
      ],
      [
        'GET an unknown path with the token',
        send(`${statusUrl()}/status`, { headers: { authorization: `Bearer ${token}` } }),
        404,
        /no route/,
      ],
      [
        'a signed webhook ping',
        webhook(webhookHeaders(sharedSecret, now(), pingBody))(),
        202,
        /"accepted":true/,
      ],
    ];
    for (const [what, reply, status, pattern] of positives) {
      const answer = await reply;
      expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBe(status);
      expect(answer.text, what).toMatch(pattern);
      keep(`positive: ${what}`, answer.text);
    }

    const routes = new Set(attempts.map((attempt) => attempt.route));
    const byKind = (kind: AttemptKind) =>
      attempts.filter((attempt) => attempt.kind === kind).length;
    report(
      'security',
      `${String(routes.size)} routes × anonymous/low-privilege/forged = ${String(attempts.length)} attempts, all refused (anonymous ${String(byKind('anonymous'))}, low-privilege ${String(byKind('low-privilege'))}, forged ${String(byKind('forged'))}); ${String(positives.length)} rightful calls answered`,
    );
  });

  it('a forged X-Sfwp-Origin from a person does not hide the change: origin wordpress, and it syncs', async () => {
    const subscriber = people().subscriber;
    const { latest_cursor: start } = await wpOk<{ latest_cursor: number }>(
      'GET',
      '/sfwp/v1/status',
    );
    const forgeries: [string, Record<string, string>][] = [
      ['signed with another secret', originHeaders(randomBytes(32).toString('hex'), now())],
      ['a replayed signature, 330 s old', originHeaders(sharedSecret, now() - 330)],
      [
        'a signature of zeros',
        { 'x-sfwp-timestamp': String(now()), 'x-sfwp-origin': `sha256=${'0'.repeat(64)}` },
      ],
    ];
    let last = '';
    for (const [index, [what, headers]] of forgeries.entries()) {
      last = `Forged${String(index)}`;
      const reply = await wpRest(
        'POST',
        '/wp/v2/users/me',
        { authorization: asSubscriber(), ...headers },
        { first_name: last },
      );
      expect(reply.status, `${what}: ${reply.text.slice(0, 200)}`).toBe(200);
    }
    const editorPost = await wpRest(
      'POST',
      '/wp/v2/organizations',
      { authorization: asEditor(), ...originHeaders(randomBytes(32).toString('hex'), now()) },
      { title: 'forged by a person', status: 'publish' },
    );
    expect(editorPost.status).toBe(201);
    const editorPostId = (JSON.parse(editorPost.text) as { id: number }).id;
    // The rightful signature, for contrast: the same check marks the connector's own writes.
    const signed = await wpRest(
      'POST',
      '/wp/v2/organizations',
      { authorization: asAdmin(), ...originHeaders(sharedSecret, now()) },
      { title: 'signed by the connector', status: 'draft' },
    );
    expect(signed.status).toBe(201);
    const signedPostId = (JSON.parse(signed.text) as { id: number }).id;

    const page = await wpOk<{
      changes: { type: string; id: number; operation: string; origin: string }[];
    }>('GET', `/sfwp/v1/changes?after=${String(start)}&limit=1000`);
    const subscriberRows = page.changes.filter(
      (change) => change.type === 'user' && change.id === subscriber.id,
    );
    expect(subscriberRows.length).toBeGreaterThanOrEqual(1);
    expect(subscriberRows.map((change) => change.origin)).not.toContain('connector');
    expect(
      page.changes.filter((change) => change.id === editorPostId).map((change) => change.origin),
    ).toEqual(['wordpress']);
    expect(
      page.changes.filter((change) => change.id === signedPostId).map((change) => change.origin),
    ).toEqual(['connector']);

    // And the connector syncs the subscriber's change to Salesforce (the webhook wakes it).
    const user = await wpOk<{ email: string }>(
      'GET',
      `/wp/v2/users/${String(subscriber.id)}?context=edit`,
    );
    const synced = await eventually(async () => {
      const rows = await admin.query<{ FirstName: string | null }>(
        `SELECT FirstName FROM Contact WHERE Email = '${user.email}'`,
      );
      return rows.records.find((row) => row.FirstName === last);
    }, "the subscriber's change in Salesforce");
    expect(synced.FirstName).toBe(last);
    report(
      'security',
      `forged origin: ${String(forgeries.length + 1)} forged writes by people recorded as origin wordpress and synced; the signed write recorded as connector`,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

describe('no secret used in the run appears in any log, output or state file', () => {
  it('runs auth, a token refresh, both directions, a webhook, status and a dead letter', async () => {
    const running = connector;
    if (!running) throw new Error('the connector run did not start');
    const integration = emulator.credentials.integration.username;
    const integrationAccessTokens = () =>
      emulator.tokens
        .issuedTokens()
        .filter((entry) => entry.kind === 'access' && entry.username === integration).length;

    // An expired session: the connector must log in again, by itself.
    const before = integrationAccessTokens();
    emulator.faults.expireAccessTokens();
    admin = await connectAs(emulator, 'admin');
    const created = await admin
      .sobject('Contact')
      .create({ LastName: 'AfterExpiry', Email: 'sec.refresh@example.test' });
    const id = created.success ? created.id : '';
    await eventually(
      async () => ((await contact(id)).WP_Id__c ? true : undefined),
      'a sync after the tokens expired',
      30_000,
    );
    await eventually(
      () => Promise.resolve(integrationAccessTokens() > before ? true : undefined),
      'a new access token for the connector',
    );

    // WordPress → Salesforce, woken by the plugin's signed webhook.
    const person = await wpRest(
      'POST',
      '/wp/v2/users',
      { authorization: asEditor() },
      {
        username: 'sec.person',
        email: 'sec.person@example.test',
        password: randomBytes(16).toString('hex'),
        last_name: 'FromWordPress',
      },
    );
    expect(person.status, person.text).toBe(201);
    await eventually(async () => {
      const rows = await admin.query<{ LastName: string }>(
        "SELECT LastName FROM Contact WHERE Email = 'sec.person@example.test'",
      );
      return rows.records[0]?.LastName === 'FromWordPress' ? true : undefined;
    }, 'the WordPress user in Salesforce');
    expect(running.stdout()).toContain('"msg":"refused a WordPress webhook ping"');

    // A failure that dead-letters: WordPress refuses the address.
    const failed = await admin
      .sobject('Contact')
      .create({ LastName: 'Broken', Email: 'sec.broken@exa_mple.test' });
    expect(failed.success).toBe(true);
    // Counted from the connector's own state: the Failed result for Salesforce may wait in the
    // result publisher (see the report: it does not renew an expired session by itself).
    await withOutput(
      running,
      eventually(async () => {
        const letters = (await healthz()).deadLetters as { open: number };
        return letters.open >= 1 ? true : undefined;
      }, 'the dead letter'),
    );
    const health = await healthz();
    keep('GET /healthz', JSON.stringify(health));
    keep(
      'GET /metrics',
      (
        await send(`${statusUrl()}/metrics`, {
          headers: { authorization: `Bearer ${currentToken()}` },
        })
      ).text,
    );

    const runEnv = {
      ...baseEnv,
      SF_VERIFY_TLS: 'false',
      WP_URL: proxy.url,
      WP_VERIFY_TLS: 'false',
    };
    const status = await command(['status'], runEnv);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/State:\s+running/);
    const statusJson = await command(['status', '--json'], runEnv);
    expect(statusJson.code, statusJson.stderr).toBe(0);
    const letters = await command(['dlq', 'list', '--json'], runEnv);
    expect(letters.code, letters.stderr).toBe(0);
    expect(letters.stdout).toContain('sec.broken@exa_mple.test');
    const check = await command(['config', 'check', '--json'], runEnv);
    expect(check.code, check.stderr).toBe(0);

    running.kill('SIGTERM');
    const finished = await running.exited;
    expect(finished.code, finished.stderr.slice(-2000)).toBe(0);

    // The other ways to sign in, each with its own secret. `sfwp auth test` does not read
    // salesforce.verifyTls (see the report), so it trusts the emulator's certificate the way an
    // operator would: NODE_EXTRA_CA_CERTS.
    const { clientSecret, integration: user } = emulator.credentials;
    writeFileSync(caFile, emulator.httpsCertificatePem ?? '');
    const authEnv = { ...runEnv, NODE_EXTRA_CA_CERTS: caFile };
    const viaClientCredentials = await command(['auth', 'test'], {
      ...authEnv,
      SF_AUTH_METHOD: 'client-credentials',
      SF_CLIENT_SECRET: clientSecret,
    });
    expect(viaClientCredentials.code, viaClientCredentials.stderr).toBe(0);
    const viaPassword = await command(['auth', 'test'], {
      ...authEnv,
      SF_AUTH_METHOD: 'password',
      SF_CLIENT_SECRET: clientSecret,
      SF_USERNAME: user.username,
      SF_PASSWORD: user.password + user.securityToken,
    });
    expect(viaPassword.code, viaPassword.stderr).toBe(0);
    const refreshToken = emulator.tokens.issueRefreshToken(
      emulator.org.sessionOf(emulator.org.user(user.username)),
    );
    const viaRefreshToken = await command(['auth', 'test'], {
      ...authEnv,
      SF_AUTH_METHOD: 'refresh-token',
      SF_CLIENT_SECRET: clientSecret,
      SF_REFRESH_TOKEN: refreshToken,
    });
    expect(viaRefreshToken.code, viaRefreshToken.stderr).toBe(0);
  });

  it('finds none of them, and finds each one planted', async () => {
    const { credentials } = emulator;
    const subscriber = people().subscriber;
    const editor = people().editor;
    const secrets: Secret[] = [
      ...secret('Salesforce client secret', credentials.clientSecret),
      ...pemSecrets('JWT private key', credentials.jwtPrivateKeyPem ?? ''),
      ...emulator.tokens.issuedTokens().map((entry, index) => ({
        name: `Salesforce ${entry.kind} token #${String(index + 1)} (${entry.username})`,
        value: entry.token,
      })),
      ...basicCredentials(
        'WordPress application password (connector)',
        wordpress.username,
        wordpress.applicationPassword,
      ),
      ...basicCredentials(
        'WordPress application password (subscriber)',
        subscriber.username,
        subscriber.applicationPassword,
      ),
      ...basicCredentials(
        'WordPress application password (editor)',
        editor.username,
        editor.applicationPassword,
      ),
      ...secret('shared secret', sharedSecret),
      ...secret('status token', currentToken()),
      ...secret('status token (earlier run)', oldToken),
      ...secret('Salesforce admin password', credentials.admin.password),
      ...secret('Salesforce admin security token', credentials.admin.securityToken),
      ...secret(
        'Salesforce admin password + token',
        credentials.admin.password + credentials.admin.securityToken,
      ),
      ...secret('Salesforce integration password', credentials.integration.password),
      ...secret('Salesforce integration security token', credentials.integration.securityToken),
    ];
    const siteCredentials = join(dirname(wordpress.siteDir ?? ''), 'credentials.json');
    if (existsSync(siteCredentials)) {
      const stored = JSON.parse(readFileSync(siteCredentials, 'utf8')) as {
        adminPassword?: string;
        databasePassword?: string;
      };
      if (stored.adminPassword)
        secrets.push(...secret('WordPress admin password', stored.adminPassword));
      if (stored.databasePassword)
        secrets.push(...secret('WordPress database password', stored.databasePassword));
    }
    expect(
      emulator.tokens.issuedTokens().filter((entry) => entry.kind === 'refresh').length,
    ).toBeGreaterThan(0);

    // The token file itself is the one place the status token may be: readable by its owner only.
    expect((statSync(join(stateDir, 'status-token')).mode & 0o077).toString(8)).toBe('0');

    // The connector's state directory, but for the files that are secrets themselves.
    for (const name of readdirSync(stateDir)) {
      const path = join(stateDir, name);
      if (name === 'status-token' || !statSync(path).isFile()) continue;
      keep(`state: ${name}`, readFileSync(path));
    }
    // WordPress's own logs (php -S and PHP errors), next to the site.
    const logDir = join(dirname(wordpress.siteDir ?? ''), 'logs');
    const wordpressLogs = existsSync(logDir) ? readdirSync(logDir) : [];
    for (const name of wordpressLogs)
      keep(`WordPress log: ${name}`, readFileSync(join(logDir, name)));
    // What the connector reported to Salesforce (WP_Sync_Log__c).
    const logRows = await admin.query(
      'SELECT Message__c, Status__c, Record_Id__c FROM WP_Sync_Log__c',
      {
        autoFetch: true,
        maxFetch: 10_000,
      },
    );
    keep('Salesforce WP_Sync_Log__c', JSON.stringify(logRows.records));

    const sources = corpus.map((item) => item.source);
    expect(sources.some((source) => source.startsWith('sfwp start (the run)'))).toBe(true);
    expect(sources).toEqual(
      expect.arrayContaining([
        'state: state.sqlite',
        'sfwp status: stdout',
        'sfwp dlq list --json: stdout',
      ]),
    );
    expect(wordpressLogs.length, 'the WordPress logs are reachable').toBeGreaterThan(0);

    // The scanner sees each secret when it is there, in the forms it checks.
    for (const candidate of secrets) {
      const planted = scanForSecrets(
        [candidate],
        [
          {
            source: 'planted',
            content: Buffer.from(`{"msg":"x","leak":${JSON.stringify(`..${candidate.value}..`)}}`),
          },
        ],
      );
      expect(
        planted.findings.map((finding) => finding.secret),
        candidate.name,
      ).toEqual([candidate.name]);
    }

    const result = scanForSecrets(secrets, corpus);
    expect(
      result.findings.map(
        (finding) => `${finding.secret} in ${finding.source} at byte ${String(finding.offset)}`,
      ),
    ).toEqual([]);
    report(
      'security',
      `secrets scan: ${String(result.secrets)} secrets (${String(emulator.tokens.issuedTokens().length)} Salesforce tokens) × ${String(result.bytes)} bytes in ${String(corpus.length)} sources, 0 found`,
    );
  });
});
