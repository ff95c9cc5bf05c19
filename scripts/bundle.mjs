#!/usr/bin/env node
// Bundles the CLI (run after tsc) into two CommonJS files under dist/bundle/:
// - ziti-status.cjs: argument parsing and help (src/entry.ts, src/cli.ts, commander), small, so
//   `--help` and usage errors cost little more than starting Node;
// - commands.cjs: every command (src/commands/index.ts), loaded once the arguments are parsed,
//   with V8's code cache (bin/load-commands.cjs; the cache is written by scripts/warm-code-cache.mjs).
// What only some commands need (watch, serve, the simulator, YAML, table output) stays behind
// dynamic import()s, which esbuild turns into wrappers run on first use: a run pays for what it runs.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  // --readable (for profiling): keep names and layout, so a CPU profile says which module spends the time.
  minify: !process.argv.includes('--readable'),
  charset: 'ascii', // bin/load-commands.cjs reads commands.cjs as latin1: one byte per character
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
};

rmSync('dist/bundle', { recursive: true, force: true });
const cli = await build({ ...common, entryPoints: ['src/entry.ts'], outfile: 'dist/bundle/ziti-status.cjs' });
const commands = await build({
  ...common,
  entryPoints: ['src/commands/index.ts'],
  outfile: 'dist/bundle/commands.cjs',
  // Compiled by bin/load-commands.cjs as one function expression, called like a CommonJS module.
  // The first line names this build: the code cache records it, and a cache from another build
  // (V8 itself only compares the source's length) is not used.
  // import() of Node's own modules as require(): vm.Script code has no ES module loader to ask.
  supported: { 'dynamic-import': false },
  // undici requires node:http2 on load for sessions we never open (see the shim).
  alias: { 'node:http2': './src/client/http2-shim.cjs' },
  banner: { js: `/* ziti-status build ${randomUUID()} */\n(function (exports, require, module, __filename, __dirname) {` },
  footer: { js: '})' },
});
writeFileSync('dist/bundle-meta.json', JSON.stringify({ inputs: { ...cli.metafile.inputs, ...commands.metafile.inputs }, outputs: { ...cli.metafile.outputs, ...commands.metafile.outputs } }));

const warm = spawnSync(process.execPath, ['scripts/warm-code-cache.mjs'], { stdio: 'inherit' });
if (warm.status !== 0) process.exit(warm.status ?? 1);
