import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleRouter } from '../../src/http/console.js';

let server: Server | undefined;

async function serve(dir: string): Promise<string> {
  const app = express();
  app.use(consoleRouter(dir));
  server = createServer(app);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('the console route', () => {
  it('serves the built page at / uncached, and its hashed files for long', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkaplane-console-built-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="/console/main-ABC.js"></script>');
    writeFileSync(join(dir, 'main-ABC.js'), 'console.log(1)');
    const url = await serve(dir);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('main-ABC.js');
    const script = await fetch(`${url}/console/main-ABC.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('says the console is not built, and serves nothing else, where there is no build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkaplane-console-source-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'main.tsx'), 'export {};');
    const url = await serve(dir);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(404);
    expect(await page.text()).toMatch(/npm run build/);
    expect((await fetch(`${url}/console/src/main.tsx`)).status).toBe(404);
  });
});
