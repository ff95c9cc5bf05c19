#!/usr/bin/env node
// Whole-process wall time of `list controllers` against simulated clusters started separately,
// next to `node -e 0`. Run after `npm run build`: node scripts/bench-startup.mjs [runs]
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 15);
const bin = new URL('../bin/ziti-status.cjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ziti-status-bench-'));

// Each runtime dependency imported as ziti-status imports it, and which runs load it.
const DEPENDENCIES = [
  ['commander', "import { Command } from 'commander'; void Command;", 'every run (argument parsing)'],
  // Through the one module that imports undici's own files, so the figure is of what a run loads.
  [
    'undici',
    "import { Agent, request, buildConnector } from './src/client/undici-internals.ts'; " +
      'void Agent, request, buildConnector;',
    'list controllers, serve',
  ],
  ['zod', "import { z } from 'zod'; z.config({ jitless: true });", 'every command but --help'],
  ['cli-table3', "import Table from 'cli-table3'; void Table;", 'table output (a terminal)'],
  ['chalk', "import chalk from 'chalk'; void chalk;", 'table output (a terminal)'],
  ['yaml', "import { parse } from 'yaml'; void parse;", 'a config file, -o yaml'],
];

/** Starts `ziti-status simulate` in its own process and resolves with the first controller's URL. */
function simulate(name, scenario) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  const child = spawn(process.execPath, [bin, 'simulate', '--scenario', file], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const lines = out.split('\n').filter(Boolean);
      if (lines.length >= scenario.controllers.length) resolve({ url: lines[0].split('\t')[1], child });
    });
    child.on('exit', (code) => reject(new Error(`simulator ${name} exited with ${code}`)));
  });
}

function timeRun(args) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    // Its caches (latency history, member cache) in the benchmark's own directory, not the user's.
    // NODE_EXTRA_CA_CERTS makes every node start parse a CA bundle (~50 ms here): an operator's shell rarely sets it.
    const { NODE_EXTRA_CA_CERTS: _extraCas, ...env } = process.env;
    const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...env, XDG_CACHE_HOME: dir } });
    child.on('exit', (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code }));
  });
}

async function measure(label, args) {
  const times = [];
  let code;
  for (let i = 0; i < runs; i++) ({ ms: times[i], code } = await timeRun(args));
  times.sort((a, b) => a - b);
  const pick = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const row = { label, median: pick(0.5), min: times[0], p90: pick(0.9), max: times[times.length - 1], exit: code };
  console.log(
    `${label.padEnd(34)} median ${row.median.toFixed(0).padStart(5)} ms  min ${row.min.toFixed(0).padStart(5)}  ` +
      `p90 ${row.p90.toFixed(0).padStart(5)}  max ${row.max.toFixed(0).padStart(5)}  exit ${code}`,
  );
  return row;
}

const three = (faults3) => ({ controllers: [{ id: 'ctrl1' }, { id: 'ctrl2' }, { id: 'ctrl3', faults: faults3 }] });
const clusters = {
  healthy: await simulate('healthy', three({})),
  hung: await simulate('hung', three({ hung: true })),
  refused: await simulate('refused', three({ down: true })),
};
try {
  console.log(`${runs} runs each, node ${process.version}, deadline --timeout 2s (the default)`);
  const baseline = await measure('node -e 0', ['-e', '0']);
  const help = await measure('ziti-status --help', [bin, '--help']);
  const healthy = await measure('list controllers, healthy 3-node', [
    bin,
    'list',
    'controllers',
    '-c',
    clusters.healthy.url,
    '-o',
    'json',
  ]);
  const hung = await measure('list controllers, one hung', [
    bin,
    'list',
    'controllers',
    '-c',
    clusters.hung.url,
    '-o',
    'json',
  ]);
  const refused = await measure('list controllers, one refused', [
    bin,
    'list',
    'controllers',
    '-c',
    clusters.refused.url,
    '-o',
    'json',
  ]);
  const floor = await measure('floor: bare node:http sweep', [
    new URL('./yardstick.mjs', import.meta.url).pathname,
    clusters.healthy.url,
  ]);
  const undiciFloor = await measure('floor: bare undici sweep', [
    new URL('./yardstick-undici.cjs', import.meta.url).pathname,
    clusters.healthy.url,
  ]);
  console.log(`--help / node -e 0: ${(help.median / baseline.median).toFixed(2)}x (target at most 1.3x)`);
  console.log(
    `healthy / node -e 0: ${(healthy.median / baseline.median).toFixed(2)}x (no target: issue 16 retired it for the real-cluster ratio, npm run bench:real)`,
  );
  console.log(
    `  the same sweep, nothing else: node:http ${(floor.median / baseline.median).toFixed(2)}x, ` +
      `undici ${(undiciFloor.median / baseline.median).toFixed(2)}x`,
  );
  await dependencyCosts(baseline.median);
  console.log(
    `hung: max ${hung.max.toFixed(0)} ms against the 2300 ms bound (deadline + 0.3 s): ` +
      `${hung.max < 2300 ? 'within' : 'OVER'}`,
  );
  console.log(`refused - healthy (median): ${(refused.median - healthy.median).toFixed(0)} ms (goal: under 50 ms)`);
} finally {
  for (const { child } of Object.values(clusters)) child.kill('SIGINT');
}

/**
 * Bytes each runtime dependency adds to the bundles (esbuild's metafile), and the import cost of
 * each in a bundle: a one-line CommonJS bundle of it, built as scripts/bundle.mjs builds, run
 * alone, minus `node -e 0` (without the code cache, which the CLI has; so an upper bound).
 */
async function dependencyCosts(baselineMs) {
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { build } = await import('esbuild');
  const meta = JSON.parse(readFileSync(new URL('../dist/bundle-meta.json', import.meta.url), 'utf8'));
  const bytes = {};
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'ziti-status';
      bytes[dep] = (bytes[dep] ?? 0) + bytesInOutput;
    }
  }
  const root = new URL('..', import.meta.url).pathname;
  const out = mkdtempSync(join(tmpdir(), 'ziti-status-dep-'));
  console.log(
    'runtime dependencies: bytes in the bundles, and import cost in a bundle of its own ' +
      '(median of 9, minus node -e 0):',
  );
  console.log(
    `  ${'ziti-status'.padEnd(11)} ${(bytes['ziti-status'] / 1024).toFixed(0).padStart(5)} KiB  (our own code)`,
  );
  for (const [dep, source, loadedBy] of DEPENDENCIES) {
    const outfile = join(out, `${dep}.cjs`);
    await build({
      stdin: { contents: source, resolveDir: root, loader: 'js' },
      outfile,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20.18',
      minify: true,
      logLevel: 'error',
      alias: { 'node:http2': `${root}src/client/http2-shim.cjs` },
    });
    const importMs = (await medianOf(9, [outfile])) - baselineMs;
    console.log(
      `  ${dep.padEnd(11)} ${((bytes[dep] ?? 0) / 1024).toFixed(0).padStart(5)} KiB  ` +
        `import +${importMs.toFixed(0).padStart(2)} ms  loaded by: ${loadedBy}`,
    );
  }
}

async function medianOf(n, args) {
  const times = [];
  for (let i = 0; i < n; i++) times.push((await timeRun(args)).ms);
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}
