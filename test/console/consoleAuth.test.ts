import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { browserAvailable, launchBrowser, newPage, screenshot } from './browser.js';

// The console in front of a server that authenticates its callers (--auth kubernetes): the
// Kubernetes API server (the sandbox's) reviews the token a person types, on every HTTP request
// and in graphql-ws's connection_init.

let server: ServerProcess;
let browser: Browser;
let page: Page;
let dir: string;

/** The sandbox administrator's bearer token, from the kubeconfig the sandbox writes. */
function adminToken(): string {
  const kubeconfig = parse(readFileSync(join(dir, 'kubeconfig'), 'utf8')) as { users: Array<{ user: { token?: string } }> };
  const token = kubeconfig.users[0]?.user.token;
  if (token === undefined) throw new Error('no token in the sandbox kubeconfig');
  return token;
}

async function giveToken(token: string): Promise<void> {
  await page.click('form.token input[name=token]', { count: 3 });
  await page.keyboard.press('Backspace');
  await page.type('form.token input[name=token]', token);
  await page.click('form.token button[type=submit]');
}

describe.runIf(browserAvailable())('the console, in a browser, on a server with --auth kubernetes', () => {
  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'kafkaplane-console-auth-')), 'sandbox');
    server = await startServerProcess(['--sandbox', 'true', '--sandbox-dir', dir, '--auth', 'kubernetes']);
    browser = await launchBrowser();
    ({ page } = await newPage(browser));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await server?.exited;
  });

  it('loads without a token and asks for one, since the API answers 401', async () => {
    // The console's files are public; only /graphql asks who is calling.
    expect(
      (
        await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ serverInfo { version } }"}',
        })
      ).status,
    ).toBe(401);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('form.token input[name=token]');
    expect(await page.evaluate(`document.querySelector('form.token')?.innerText`)).toMatch(/asks for a token/);
  }, 60_000);

  it('asks again when the API server refuses the token given', async () => {
    const answered: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/graphql') && response.request().headers().authorization === 'Bearer not-a-token') answered.push(response.status());
    });
    await giveToken('not-a-token');
    // The token went out, the server (through a TokenReview) refused it, and the form asks again.
    await expect.poll(() => answered, { timeout: 30_000 }).toContain(401);
    await page.waitForFunction(`document.querySelector('form.token .warn-text') !== null`, { timeout: 30_000, polling: 100 });
    expect(await page.evaluate(`sessionStorage.getItem('kafkaplane.console.token')`)).toBe('not-a-token');
    expect(await page.$('tr[data-cluster]')).toBeNull();
  }, 60_000);

  it('with a token the API server accepts, reads the fleet and stays current over graphql-ws', async () => {
    await expect.poll(() => existsSync(join(dir, 'kubeconfig')), { timeout: 30_000 }).toBe(true);
    const token = adminToken();
    await giveToken(token);
    await page.waitForSelector('tr[data-cluster="kafka/kafka"]', { timeout: 60_000 });
    // The live connection opened with the token in connection_init: the server accepted it.
    await page.waitForFunction(`document.querySelector('.link-live') !== null`, { timeout: 30_000, polling: 100 });
    expect(await page.evaluate(`sessionStorage.getItem('kafkaplane.console.token')`)).toBe(token);
    expect(await page.$('form.token')).toBeNull();
    await screenshot(page, 'fleet-with-token');
  }, 90_000);
});
