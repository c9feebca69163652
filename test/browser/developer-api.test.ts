/**
 * Issue 22 in Chromium: a page with the "Salesforce records" block, seen by a visitor who is
 * not logged in, shows the emulator's Accounts through the connector, every value as text; an
 * Account whose name is markup (a script, an image with onerror) runs nothing.
 */
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { createLogger } from '../../connector/src/observability/logger.js';
import { demoConnectorEnvironment, startDemoConnector } from '../../scripts/start/connector.js';
import { portIfFree } from '../../scripts/start/ports.js';
import type { RunningEmulator } from '../emulator/index.js';
import { connectAs, startTrustedEmulator } from '../integration/support/emulated-org.js';
import { startLocalWordPress, type LocalWordPress } from '../wordpress/launcher.js';
import { phpString, runInSite } from '../wordpress/site-php.js';

const php = <T>(code: string): Promise<T> => runInSite<T>(wordpress, code);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCRIPT_NAME = '<script>window.sfwpPwned = "script"</script>Script Corp';
const IMAGE_NAME = '<img src=x onerror="window.sfwpPwned = \'img\'">Image Inc';
const PLAIN = [
  ['Alpha Ltd', 'https://alpha.example', 'Paris'],
  ['Beta & "Sons"', null, 'Zürich'],
] as const;

let wordpress: LocalWordPress;
let emulator: RunningEmulator;
let browser: Browser;
let workDir: string;
let stopConnector: (reason: string) => void = () => undefined;
let connectorExited: Promise<number>;

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'sfwp-developer-api-browser-'));
  wordpress = await startLocalWordPress({ workers: 2 });
  emulator = await startTrustedEmulator();
  const admin = await connectAs(emulator, 'admin');
  for (const [Name, Website, BillingCity] of [
    ...PLAIN,
    [SCRIPT_NAME, null, '<b>Bold</b>'],
    [IMAGE_NAME, null, 'Oslo'],
  ]) {
    await admin.sobject('Account').create({ Name, Website, BillingCity });
  }
  const port = await portIfFree(0);
  const env = demoConnectorEnvironment(emulator, wordpress, workDir, {
    port,
    token: 'developer-api',
  });
  const shutdown = new Promise<string>((done) => {
    stopConnector = done;
  });
  const started = startDemoConnector({
    env,
    cwd: workDir,
    logger: createLogger({ level: 'info', destination: createWriteStream(join(workDir, 'log')) }),
    shutdown,
  });
  connectorExited = started.exited;
  await started.ready;
  const deadline = Date.now() + 60_000;
  while (
    !(await php<boolean>('$result = SFWP_Plugin::instance()->connector()->is_configured();'))
  ) {
    assert.ok(Date.now() < deadline, 'the connector told the plugin where it is');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
});

after(async () => {
  await browser.close();
  stopConnector('tests done');
  await connectorExited;
  await emulator.stop();
  await wordpress.stop();
  rmSync(workDir, { recursive: true, force: true });
});

void test('a visitor sees the directory block’s Accounts as text, and markup in a name runs nothing', async () => {
  const block =
    '<!-- wp:sfwp/records {"access":"Account_Directory","fields":"Name,Website,BillingCity","limit":50} /-->';
  const pageId = await php<number>(
    `$result = wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'Directory', 'post_content' => ${phpString(block)} ) );`,
  );
  assert.ok(pageId > 0, 'the page was created');
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${wordpress.url}/?page_id=${String(pageId)}`);
  const table = page.locator('table.sfwp-records-table');
  await table.waitFor({ timeout: 30_000 });
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), [
    'Name',
    'Website',
    'BillingCity',
  ]);
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
    );
  const byName = new Map(rows.map((cells) => [cells[0], cells]));
  assert.deepEqual(byName.get('Alpha Ltd'), ['Alpha Ltd', 'https://alpha.example', 'Paris']);
  assert.deepEqual(byName.get('Beta & "Sons"'), ['Beta & "Sons"', '', 'Zürich']);
  assert.deepEqual(
    byName.get(SCRIPT_NAME),
    [SCRIPT_NAME, '', '<b>Bold</b>'],
    'the markup shows as text',
  );
  assert.deepEqual(byName.get(IMAGE_NAME)?.[0], IMAGE_NAME);
  assert.equal(await table.locator('script, img, b').count(), 0, 'no element came from a value');
  await page.waitForTimeout(300);
  assert.equal(
    await page.evaluate(() => (window as unknown as { sfwpPwned?: string }).sfwpPwned),
    undefined,
  );
  assert.deepEqual(dialogs, []);
  await context.close();
});
