#!/usr/bin/env node
// Bundles the CLI into a few files under dist/bundle/ (run after tsc): one entry for the common
// path, separate chunks for what only some paths load (watch, serve, the simulator, table output),
// so start-up reads and compiles far less than the module graph of dist/ and node_modules.
import { writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

await build({
  entryPoints: { 'ziti-status': 'src/entry.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  // CommonJS dependencies (commander, undici, cli-table3) call require() for Node's own modules.
  banner: { js: "import { createRequire as __zsRequire } from 'node:module'; const require = __zsRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
}).then((result) => writeFile('dist/bundle-meta.json', JSON.stringify(result.metafile)));
