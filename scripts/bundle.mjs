#!/usr/bin/env node
// Bundles the CLI (run after tsc) into two CommonJS files under dist/bundle/:
// - ziti-status.cjs: argument parsing and help (src/entry.ts, src/cli.ts, commander), small, so
//   `--help` and usage errors cost little more than starting Node;
// - commands.cjs: every command (src/commands/index.ts), loaded once the arguments are parsed,
//   with V8's code cache, as is the first (bin/load-bundle.cjs; scripts/warm-code-cache.mjs writes the caches).
// What only some commands need (watch, serve, the simulator, YAML, table output) stays behind
// dynamic import()s, which esbuild turns into wrappers run on first use: a run pays for what it runs.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  // --readable (for profiling): keep names and layout, so a CPU profile says which module spends the time.
  minify: !process.argv.includes('--readable'),
  charset: 'ascii', // bin/load-bundle.cjs reads the bundles as latin1: one byte per character
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
};

rmSync('dist/bundle', { recursive: true, force: true });
const buildId = randomUUID();
/** Compiled by bin/load-bundle.cjs as one function expression, called like a CommonJS module. */
const asFunction = {
  // The first line names this build: a code cache records it, and a cache from another build (V8
  // itself compares only the source's length) is not used.
  banner: { js: `/* ziti-status build ${buildId} */\n(function (exports, require, module, __filename, __dirname) {` },
  footer: { js: '})' },
};
const cli = await build({
  ...common,
  ...asFunction,
  entryPoints: ['src/entry.ts'],
  outfile: 'dist/bundle/ziti-status.cjs',
  // commander requires node:child_process on load for executable subcommands we do not have (see the shim).
  alias: { 'node:child_process': './src/child-process-shim.cjs' },
});
const commands = await build({
  ...common,
  ...asFunction,
  entryPoints: ['src/commands/index.ts'],
  outfile: 'dist/bundle/commands.cjs',
  // import() of Node's own modules as require(): vm.Script code has no ES module loader to ask.
  supported: { 'dynamic-import': false },
  // undici requires node:http2 on load; the shim loads it only once an https controller chooses h2
  // (docs/design.md section 9 has what it saves, test/bundle.test.ts checks a plain-http run loads none).
  alias: { 'node:http2': './src/client/http2-shim.cjs' },
});
const meta = {
  inputs: { ...cli.metafile.inputs, ...commands.metafile.inputs },
  outputs: { ...cli.metafile.outputs, ...commands.metafile.outputs },
};
writeFileSync('dist/bundle-meta.json', JSON.stringify(meta));
writeFileSync('dist/bundle/THIRD-PARTY-NOTICES.txt', thirdPartyNotices(Object.keys(meta.inputs)));

const warm = spawnSync(process.execPath, ['scripts/warm-code-cache.mjs'], { stdio: 'inherit' });
if (warm.status !== 0) process.exit(warm.status ?? 1);

/**
 * The bundles carry other people's code, and their licenses ask that their notices travel with
 * it: the license text of every package the build took code from, with its name and version.
 */
function thirdPartyNotices(inputs) {
  const packages = [
    ...new Set(inputs.map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1]).filter(Boolean)),
  ].sort();
  const sections = packages.map((name) => {
    const dir = `node_modules/${name}`;
    const { version, license } = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    if (file === undefined) throw new Error(`${name}: no license file to ship with the bundle`);
    return `${name} ${version} (${license})\n\n${readFileSync(`${dir}/${file}`, 'utf8').trim()}\n`;
  });
  return (
    'ziti-status bundles code from these packages; their licenses follow.\n\n' +
    sections.join(`\n${'-'.repeat(72)}\n\n`)
  );
}
