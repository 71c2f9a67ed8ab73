import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's chromium package; .ci/run installs it where it is missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the tests leave their screenshots (ignored by git; docs/images holds the ones the docs show). */
export const SCREENSHOTS = join('test-output', 'console');

/**
 * Whether the browser tests can run. Without the binary they are skipped, saying why; in CI, where
 * .ci/run installs it, its absence is a failure rather than a silent skip.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI !== undefined && process.env.CI !== '')
    throw new Error(`no browser at ${CHROMIUM}: .ci/run installs Debian's chromium package before the tests`);
  console.warn(`console browser tests skipped: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI and developers run the tests as root, where Chromium's own sandbox refuses to start.
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

export async function newPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 760 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error instanceof Error ? error.message : String(error)));
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
