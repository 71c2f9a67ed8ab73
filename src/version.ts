import { existsSync, readFileSync } from 'node:fs';

/**
 * The package version, read once from the nearest package.json above this file: the checkout's
 * when run from src/ (tests) or dist/src/ (npm start), the image's when run from /app/dist/src/.
 */
export const VERSION: string = (() => {
  for (const up of ['../package.json', '../../package.json', '../../../package.json']) {
    const file = new URL(up, import.meta.url);
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return '0.0.0';
})();
