/**
 * Visitor → Lead on the whole local stack: a real WordPress with a published page carrying the
 * "Salesforce form" block, the org emulator with the shipped `Lead_Form_Submission` mapping
 * active for that form, the connector started through `sfwp start`'s own command (status server
 * with the WordPress webhook configured, as `npm start` runs it), and Debian's Chromium. Used by
 * the browser test (test/browser/forms-lead.test.ts: one visit, its fields checked) and by the
 * bench's `forms` part (~20 visits, p50/max of submit → Lead).
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createLogger } from '../connector/src/observability/logger.js';
import { demoConnectorEnvironment, startDemoConnector } from '../scripts/start/connector.js';
import { portIfFree } from '../scripts/start/ports.js';
import { activateSampleFormMapping } from '../scripts/start/sample-form.js';
import type { RunningEmulator } from '../test/emulator/index.js';
import { startTrustedEmulator } from '../test/integration/support/emulated-org.js';
import { startLocalWordPress, type LocalWordPress } from '../test/wordpress/launcher.js';
import { runInSite } from '../test/wordpress/site-php.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = resolve('test-results/browser');
const LEAD_TIMEOUT_MS = 30_000;
const LEAD_FIELDS =
  'Id, FirstName, LastName, Email, Company, Description, LeadSource, IsConverted, WP_Page_URL__c, ' +
  'WP_UTM_Source__c, WP_UTM_Medium__c, WP_UTM_Campaign__c, WP_UTM_Term__c, WP_UTM_Content__c';

export const VISIT_FORM = {
  fields: [
    { name: 'first_name', label: 'First name', type: 'text' },
    { name: 'last_name', label: 'Last name', type: 'text', required: true },
    { name: 'email', label: 'Email', type: 'email', required: true },
    { name: 'company', label: 'Company', type: 'text' },
    { name: 'message', label: 'Message', type: 'textarea' },
  ],
  consent: { enabled: true, required: true, label: 'I agree to be contacted' },
  success: { message: 'Thank you, we will be in touch.' },
} as const;

export interface FormsLeadStack {
  wordpress: LocalWordPress;
  emulator: RunningEmulator;
  browser: Browser;
  formId: number;
  pageUrl: string;
  stop: () => Promise<void>;
}

export interface Visit {
  /** From the visitor's click on Send to the Lead being readable in the org. */
  milliseconds: number;
  lead: Record<string, unknown>;
}

async function rest<T>(wordpress: LocalWordPress, path: string, body: unknown): Promise<T> {
  const basic = Buffer.from(`${wordpress.username}:${wordpress.applicationPassword}`).toString(
    'base64',
  );
  const response = await fetch(`${wordpress.url}/wp-json${path}`, {
    method: path.endsWith('form-limits') ? 'PUT' : 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function waitUntil(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** Starts WordPress, the emulator, the connector and Chromium; `stop()` ends them all. */
export async function startFormsLeadStack(name: string): Promise<FormsLeadStack> {
  const workDir = mkdtempSync(join(tmpdir(), `sfwp-${name}-`));
  const wordpress = await startLocalWordPress({ workers: 2 });
  // Many visits from one address in one run; no wait before sending.
  await rest(wordpress, '/sfwp-test/v1/form-limits', { rate_limit: 1000, min_fill_seconds: 0 });
  const form = await rest<{ id: number }>(wordpress, '/sfwp-test/v1/forms', {
    title: 'Contact us',
    definition: VISIT_FORM,
  });
  const page = await rest<{ link: string }>(wordpress, '/wp/v2/pages', {
    title: 'Contact us',
    status: 'publish',
    content: `<!-- wp:sfwp/form {"formId":${String(form.id)}} /-->`,
  });
  const emulator = await startTrustedEmulator();
  activateSampleFormMapping(emulator, form.id);
  const port = await portIfFree(0);
  let stopConnector: (reason: string) => void = () => undefined;
  const shutdown = new Promise<string>((done) => {
    stopConnector = done;
  });
  const connector = startDemoConnector({
    env: demoConnectorEnvironment(emulator, wordpress, workDir, { port, token: name }),
    cwd: workDir,
    logger: createLogger({ level: 'info', destination: createWriteStream(join(workDir, 'log')) }),
    shutdown,
  });
  await connector.ready;
  // The connector tells the plugin its address (and so the webhook) at start.
  await waitUntil('the connector to register with the plugin', () =>
    runInSite<boolean>(
      wordpress,
      '$result = SFWP_Plugin::instance()->connector()->is_configured();',
    ),
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
  const stop = async (): Promise<void> => {
    await browser.close();
    stopConnector('done');
    await connector.exited;
    await emulator.stop();
    await wordpress.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  return { wordpress, emulator, browser, formId: form.id, pageUrl: page.link, stop };
}

function leadByEmail(
  emulator: RunningEmulator,
  email: string,
): Record<string, unknown> | undefined {
  const found = emulator.org.query(
    `SELECT ${LEAD_FIELDS} FROM Lead WHERE Email = '${email.toLowerCase()}'`,
  );
  return found.records[0];
}

/**
 * An anonymous visitor opens the page (with `query` appended), fills the form by its labels,
 * gives consent and presses Send; resolves once the thank-you shows and the Lead is in the org.
 */
export async function visitAndSubmit(
  stack: FormsLeadStack,
  options: { query: string; values: Record<string, string>; screenshot?: string },
): Promise<Visit> {
  const context = await stack.browser.newContext();
  context.setDefaultTimeout(LEAD_TIMEOUT_MS);
  try {
    const page = await context.newPage();
    // The renderer's control ids: sfwp-{form id}-{field name with dashes}.
    const control = (name: string): string =>
      `sfwp-${String(stack.formId)}-${name.replaceAll('_', '-')}`;
    await page.goto(`${stack.pageUrl}${options.query}`);
    for (const field of VISIT_FORM.fields) {
      const value = options.values[field.name];
      if (value !== undefined) await page.locator(`#${control(field.name)}`).fill(value);
    }
    await page.locator(`#${control('sfwp_consent')}`).check();
    const email = options.values.email ?? '';
    const started = performance.now();
    await page.getByRole('button', { name: 'Send' }).click();
    let lead = leadByEmail(stack.emulator, email);
    while (!lead) {
      if (performance.now() - started > LEAD_TIMEOUT_MS)
        throw new Error(`no Lead for ${email} after ${String(LEAD_TIMEOUT_MS)} ms`);
      await new Promise((done) => setTimeout(done, 10));
      lead = leadByEmail(stack.emulator, email);
    }
    const milliseconds = Math.round(performance.now() - started);
    await page.getByRole('status').filter({ hasText: VISIT_FORM.success.message }).waitFor();
    if (options.screenshot) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, options.screenshot) });
    }
    return { milliseconds, lead };
  } finally {
    await context.close();
  }
}

export interface VisitLatency {
  visits: number;
  p50Ms: number;
  maxMs: number;
}

/** `count` visits, one after another, each with its own email and campaign. */
export async function measureVisitLatency(count = 20): Promise<VisitLatency> {
  const stack = await startFormsLeadStack('forms-bench');
  try {
    const times: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const visit = await visitAndSubmit(stack, {
        query: `?utm_source=bench&utm_campaign=visit${String(index)}`,
        values: {
          first_name: `Visitor${String(index)}`,
          last_name: 'Bench',
          email: `visitor${String(index)}.${String(Date.now())}@example.test`,
        },
      });
      times.push(visit.milliseconds);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      visits: count,
      p50Ms: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0,
      maxMs: sorted.at(-1) ?? 0,
    };
  } finally {
    await stack.stop();
  }
}
