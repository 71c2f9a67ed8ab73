import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/** Where `npm run build` writes the console (scripts/buildConsole.ts): dist/console, beside dist/src. */
const BUILT = fileURLToPath(new URL('../../console/', import.meta.url));

/**
 * The console at `/`: a page that reads and changes the fleet through /graphql like any client.
 * Its assets carry a hash of their content in their names, so they are cached for long; the page is not.
 */
export function consoleRouter(dir = BUILT): Router {
  const router = express.Router();
  const page = join(dir, 'index.html');
  // Run from the sources (tests that start the server in-process) there is no build: say so, serve nothing else.
  if (!existsSync(page)) {
    router.get('/', (_req, res) => {
      res.status(404).type('text').send('The console is not built: `npm run build` writes it to dist/console.\n');
    });
    return router;
  }
  router.get('/', (_req, res) => res.sendFile(page, { headers: { 'cache-control': 'no-cache' } }));
  router.use('/console', express.static(dir, { index: false, immutable: true, maxAge: '365d' }));
  return router;
}
