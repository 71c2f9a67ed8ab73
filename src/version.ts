import { existsSync, readFileSync } from 'node:fs';

/**
 * The package version, read once from the nearest package.json above this file: the checkout's
 * when run from src/ (tests) or dist/src/ (npm start), the image's when run from /app/dist/src/.
 */
export const VERSION: string = (() => {
  let dir = new URL('.', import.meta.url);
  for (let level = 0; level < 3; level += 1) {
    dir = new URL('..', dir);
    const file = new URL('package.json', dir);
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return '0.0.0';
})();
