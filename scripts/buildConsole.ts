// Builds the console (console/src) into dist/console: one minified bundle and its stylesheet, with
// content-hashed names so they can be cached for long, and an index.html that names them.
// `npm run build` compiles this file with the server's sources and runs it; so do the tests' global setup.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const SOURCE = 'console/src';

export async function buildConsole(outdir = 'dist/console'): Promise<void> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(SOURCE, 'main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    // React's production build: no development checks in the bundle.
    define: { 'process.env.NODE_ENV': '"production"' },
    entryNames: '[name]-[hash]',
    outdir,
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const script = outputs.find((name) => name.endsWith('.js'));
  const style = outputs.find((name) => name.endsWith('.css'));
  if (script === undefined || style === undefined) throw new Error(`the console build wrote no script or no stylesheet: ${outputs.join(', ')}`);
  const page = (await readFile(join(SOURCE, 'index.html'), 'utf8')).replace('{{script}}', `/console/${script}`).replace('{{style}}', `/console/${style}`);
  await writeFile(join(outdir, 'index.html'), page);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await buildConsole();
