import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { browserAvailable, launchBrowser, newPage, screenshot } from './browser.js';

// The console as a person sees it: `npm start`'s server on the embedded sandbox (the demo cluster
// kafka/kafka of six brokers), driven in a real headless Chromium. Each step waits for what the
// page shows, with a deadline; the sandbox's clock runs fast, so a drain ends in seconds.

let server: ServerProcess;
let browser: Browser;
let page: Page;
let errors: string[];

/** Waits until `predicate` holds in the page. */
async function until(predicate: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(predicate, { timeout, polling: 100 });
}

/** The ids of the brokers the page shows as rows, in order. */
async function rows(): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll('tr[data-broker]')].map((tr) => tr.getAttribute('data-broker'))`)) as string[];
}

/** The text the page shows in the first element `selector` matches. */
async function text(selector: string): Promise<string> {
  return (await page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.innerText ?? ''`)) as string;
}

describe.runIf(browserAvailable())('the console, in a browser, on the sandbox', () => {
  beforeAll(async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kafkaplane-console-')), 'sandbox');
    server = await startServerProcess(['--sandbox', 'true', '--sandbox-dir', dir]);
    browser = await launchBrowser();
    ({ page, errors } = await newPage(browser));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await server?.exited;
  });

  it('serves the console at / from the build, and GraphiQL stays at /graphql', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    const html = await index.text();
    const script = /src="(\/console\/main-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const bundle = await fetch(`${server.url}${script ?? ''}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toContain('immutable');
    const ide = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await ide.text()).toContain('GraphiQL');
  });

  it('lists the demo cluster on the fleet page, with its brokers ready, over a live connection', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector('tr[data-cluster="kafka/kafka"]', { timeout: 30_000 });
    // The demo cluster comes up while the page is open: the row follows without a reload.
    await until(
      `(() => {
        const row = document.querySelector('tr[data-cluster="kafka/kafka"]')?.innerText ?? '';
        return row.includes('6 / 6') && row.includes('running');
      })()`,
      60_000,
    );
    await until(`document.querySelector('.link-live') !== null`);
    await screenshot(page, 'fleet');
  }, 90_000);

  it('shows the cluster page with 6 brokers, each with its disk as a usage bar', async () => {
    await page.click('tr[data-cluster="kafka/kafka"] a');
    await page.waitForSelector('tr[data-broker]');
    expect(await rows()).toEqual(['0', '1', '2', '3', '4', '5']);
    // Disk usage comes from Cruise Control's load monitor once it has a metric window.
    await until(
      `[...document.querySelectorAll('tr[data-broker] .disk[data-disk="/kafka-logs"] [role=meter]')]
        .filter((m) => Number(m.getAttribute('aria-valuenow')) > 0).length === 6`,
      60_000,
    );
    const disk = await text('tr[data-broker="0"] .disk');
    expect(disk).toMatch(/\/kafka-logs: [\d.]+ GiB of 100Gi/);
    expect(await text('[data-testid=brokers] tbody')).toMatch(/broker, controller/);
    await screenshot(page, 'cluster');
  }, 90_000);

  it('shows a refused input next to its field: growing a disk to less than it is', async () => {
    await page.click('tr[data-broker="0"] button[title="Grow /kafka-logs of broker 0"]');
    await page.type('form[data-step="edit"] input[name=size]', '10Gi');
    await page.click('form[data-step="edit"] button[type=submit]');
    await page.waitForSelector('form[data-step="edit"] label:has(input[name=size]) .field-error[data-code="VOLUME_SHRINK"]');
    expect(await text('.field-error')).toMatch(/volumes only grow/);
    await screenshot(page, 'user-error');
    await page.click('form[data-step="edit"] button.secondary');
    await until(`document.querySelector('.overlay') === null`);
  });

  it('removes broker 5: a preview of what Cruise Control would move, a confirmation, the drain live to its end, then 5 brokers without a reload', async () => {
    // Set on this document: still there at the end proves the page was never reloaded.
    await page.evaluate('window.sameDocument = true');
    await until(`document.querySelector('.figures')?.innerText.includes('ready')`, 60_000);

    await page.click('tr[data-broker="5"] button[title="Remove broker 5"]');
    await page.waitForSelector('form[data-step="edit"]');
    await page.click('form[data-step="edit"] button[type=submit]');
    await page.waitForSelector('form[data-step="preview"] [data-testid=preview]', { timeout: 30_000 });
    const preview = await text('form[data-step="preview"]');
    expect(preview).toMatch(/remove broker 5/);
    expect(preview).toMatch(/Cruise Control would move \d+ replicas/);
    // Nothing changed yet: the dry run wrote nothing.
    expect(await rows()).toHaveLength(6);
    await screenshot(page, 'remove-preview');

    await page.click('form[data-step="preview"] button.danger');
    await page.waitForSelector('form[data-step="following"] .follow', { timeout: 30_000 });
    // The progress bar moves while the data moves.
    await until(
      `(() => {
        const follow = document.querySelector('.follow');
        const meter = follow?.querySelector('[role=meter]');
        return follow?.getAttribute('data-state') === 'RUNNING' && Number(meter?.getAttribute('aria-valuenow')) > 0;
      })()`,
      90_000,
    );
    await screenshot(page, 'remove-progress');
    await page.waitForSelector('.follow[data-state="COMPLETED"]', { timeout: 90_000 });
    expect(await text('.follow')).toMatch(/done: [\d.]+ GiB moved/);

    await page.click('form[data-step="following"] button.secondary');
    await until(`document.querySelectorAll('tr[data-broker]').length === 5`, 60_000);
    expect(await rows()).toEqual(['0', '1', '2', '3', '4']);
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    await screenshot(page, 'after-removal');
    expect(errors).toEqual([]);
  }, 240_000);

  it('shows the drain on the Operations tab with its history, and the events of one broker when filtered', async () => {
    await page.click('a.tab[href$="/operations"]');
    await page.waitForSelector('[data-testid=operations] [data-state="COMPLETED"]');
    // The history is the operator's Events for the operation, read beside it.
    await until(`document.querySelector('[data-testid=operations] .operation')?.innerText.includes('OperationSucceeded')`);
    const operation = await text('[data-testid=operations] .operation');
    expect(operation).toMatch(/remove broker\s+of broker 5/);
    expect(operation).toMatch(/OperationStarted: remove_broker sent to Cruise Control/);
    expect(operation).toMatch(/OperationSucceeded/);
    await screenshot(page, 'operations');

    await page.click('a.tab[href$="/events"]');
    await until(`document.querySelectorAll('[data-testid=events] li').length > 10`);
    const all = await text('[data-testid=events]');
    expect(all).toMatch(/broker 0|kafka-0-/);
    await page.select('select[name=broker]', '4');
    // Broker 4's Events only: its Pod's, and none about another broker's Pod.
    await until(
      `(() => { const t = document.querySelector('[data-testid=events]')?.innerText ?? ''; return t.includes('kafka-4-') && !t.includes('kafka-0-'); })()`,
    );
    await screenshot(page, 'events');
    expect(errors).toEqual([]);
  }, 60_000);

  it('previews a rebalance: what Cruise Control would move, before any confirmation', async () => {
    // Removing broker 5 changed Cruise Control's capacity file, so it restarted and has to load
    // its samples and fill a metric window again; until then the dialog says Cruise Control is
    // not ready, and a person asks again.
    const notReady = 'form[data-step="edit"] p.error[data-code="CRUISE_CONTROL_NOT_READY"]';
    for (;;) {
      await page.click('button.primary');
      await page.click('form[data-step="edit"] button[type=submit]');
      await until(`document.querySelector('form[data-step="preview"] [data-testid=preview], ${notReady}') !== null`);
      if ((await page.$('form[data-step="preview"] [data-testid=preview]')) !== null) break;
      expect(await text(notReady)).toMatch(/Cruise Control could not compute the proposal/);
      await page.click('form[data-step="edit"] button.secondary');
      await until(`document.querySelector('.overlay') === null`);
    }
    expect(await text('[data-testid=preview]')).toMatch(/Cruise Control would move \d+ replicas/);
    await page.click('form[data-step="preview"] button.secondary:last-child');
    await until(`document.querySelector('.overlay') === null`);
    expect(errors).toEqual([]);
  }, 180_000);

  it('sends the token it is given as any client would, and asks for one when the server refuses', async () => {
    const { page: other } = await newPage(browser);
    const sent: Array<string | undefined> = [];
    await other.setRequestInterception(true);
    other.on('request', (request) => {
      if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return void request.continue();
      const authorization = request.headers().authorization;
      sent.push(authorization);
      // A server that requires a token: 401 until the right one comes.
      if (authorization !== 'Bearer s3cret')
        return void request.respond({ status: 401, contentType: 'application/json', body: '{"errors":[{"message":"unauthenticated"}]}' });
      return void request.continue();
    });
    await other.goto(`${server.url}/`);
    await other.waitForSelector('form.token input[name=token]');
    expect(await other.evaluate(`document.querySelector('form.token')?.innerText`)).toMatch(/asks for a token/);
    await other.type('form.token input[name=token]', 's3cret');
    await other.click('form.token button[type=submit]');
    await other.waitForSelector('tr[data-cluster="kafka/kafka"]', { timeout: 30_000 });
    expect(sent[0]).toBeUndefined();
    expect(sent.at(-1)).toBe('Bearer s3cret');
    await other.close();
  }, 60_000);
});
