/**
 * Debian's Chromium (playwright-core) on the admin preview, as every admin app browser test
 * opens it: a throwaway profile, one page that records and dismisses every dialog (a payload
 * that reaches alert() must show up in the test, not block it), the app loaded.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve('test-results/browser');
const UI_TIMEOUT_MS = 30_000;

export interface AdminAppBrowser {
  context: BrowserContext;
  page: Page;
  /** Every alert, confirm or prompt the page opened, as `type: message`. */
  dialogs: string[];
  close(): Promise<void>;
}

/** Opens the admin app at `url` and waits for its heading. */
export async function openAdminApp(url: string): Promise<AdminAppBrowser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const profileDir = mkdtempSync(join(tmpdir(), 'sfwp-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url);
  await page.getByRole('heading', { name: 'WordPress Sync', level: 1 }).waitFor();
  return {
    context,
    page,
    dialogs,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
