#!/usr/bin/env node
// Accuracy benchmark of watch mode: a seeded timeline of faults (followers killed or hung, the leader
// killed, partitions, replica lag) on simulated clusters of 3, 5, 9 and 15 controllers with 50-200 ms
// of jitter on every request, while watch mode ticks; what it reports is compared with the
// simulator's ground truth tick by tick, for adaptive and fixed deadlines, next to what a single
// controller's replica (`ziti fabric list controllers`) would have said. Definitions: BENCHMARKS.md.
//
//   npm run build && node scripts/bench-accuracy.mjs [--quick] [--seed N] [--sizes 3,5,9,15] [--copies N]
//        [--dist DIR] [--json FILE] [--no-write] [--trace DIR (every view, per size, for debugging)]
//
// Progress on stderr (one line per cluster), the Markdown tables on stdout; results go to
// bench-results/accuracy-<mode>.json and between this mode's markers in BENCHMARKS.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MODES } from './bench-accuracy/plan.mjs';
import { aggregate, checkTargets, markdown, pct, secs, spliceMarkdown } from './bench-accuracy/report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const SETTINGS = {
  intervalMs: 1000,
  baseTimeoutMs: 2000,
  staleAfterMs: 3000,
  latencyMs: 125,
  jitterMs: 75,
  electionTimeoutMs: 1500,
  modes: MODES,
};

function usage(message) {
  process.stderr.write(
    `bench-accuracy: ${message}\nusage: node scripts/bench-accuracy.mjs [--quick|--full] [--seed N]` +
      ' [--sizes 3,5,9,15] [--copies N] [--dist DIR] [--json FILE] [--no-write] [--trace DIR]\n',
  );
  process.exit(64);
}

function parseArgs(argv) {
  const opts = {
    mode: 'full',
    seed: 20261126,
    sizes: [3, 5, 9, 15],
    dist: resolve(root, 'dist'),
    json: null,
    write: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--quick') opts.mode = 'quick';
    else if (a === '--full') opts.mode = 'full';
    else if (a === '--seed') {
      opts.seed = Number(value());
      if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff)
        usage('--seed must be an integer in 0..4294967295');
    } else if (a === '--sizes') {
      opts.sizes = value().split(',').map(Number);
      if (opts.sizes.some((n) => !Number.isInteger(n) || n < 3 || n > 50)) usage('--sizes takes integers from 3 to 50');
    } else if (a === '--dist') opts.dist = resolve(value());
    else if (a === '--json') opts.json = resolve(value());
    else if (a === '--copies') {
      opts.copies = Number(value());
      if (!Number.isInteger(opts.copies) || opts.copies < 1 || opts.copies > 8)
        usage('--copies takes an integer from 1 to 8');
    } else if (a === '--no-write') opts.write = false;
    else if (a === '--trace') opts.trace = resolve(value());
    else if (a === '-h' || a === '--help') usage('help');
    else usage(`unknown option ${a}`);
  }
  opts.copies ??= MODES[opts.mode].copies;
  // --no-write keeps BENCHMARKS.md and bench-results/ untouched; an explicit --json is still written.
  if (opts.json === null && opts.write) opts.json = resolve(root, 'bench-results', `accuracy-${opts.mode}.json`);
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
if (!existsSync(resolve(opts.dist, 'watch/engine.js')))
  usage(`${opts.dist}/watch/engine.js not found: run \`npm run build\` first`);

if (opts.trace) mkdirSync(opts.trace, { recursive: true });
const started = performance.now();
const log = (line) => process.stderr.write(`bench-accuracy: ${line}\n`);
log(
  `${opts.mode} mode, seed ${opts.seed} (repeat with --seed ${opts.seed}), ` +
    `sizes ${opts.sizes.join(', ')} x ${opts.copies} cluster(s) each, dist ${opts.dist}`,
);

const workers = new Map();
let interrupted = false;

function stopAll() {
  for (const w of workers.values()) w.postMessage({ type: 'stop' });
  // A worker that does not clean up within 10 s is terminated (its servers and sockets die with it).
  setTimeout(() => {
    for (const w of workers.values()) void w.terminate();
  }, 10_000).unref();
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${sig}: closing clusters (Ctrl-C again to quit at once)`);
    stopAll();
  });
}

function runCluster(size, copy) {
  const label = opts.copies > 1 ? `size ${String(size).padStart(2)} #${copy + 1}` : `size ${String(size).padStart(2)}`;
  return new Promise((resolveRun, reject) => {
    const worker = new Worker(new URL('./bench-accuracy/run-size.mjs', import.meta.url), {
      workerData: {
        size,
        copy,
        mode: opts.mode,
        seed: opts.seed,
        distDir: pathToFileURL(`${opts.dist}/`).href,
        settings: SETTINGS,
        traceDir: opts.trace ?? null,
      },
    });
    workers.set(label, worker);
    let settled = false;
    worker.on('message', (m) => {
      if (m.type === 'result') {
        settled = true;
        const r = m.result;
        const sum = (key) => Object.values(r.cells.adaptive).reduce((n, c) => n + c[key], 0);
        const acc = sum('evaluated') === 0 ? null : sum('correct') / sum('evaluated');
        log(
          `${label}: ${r.events.length} faults in ${(r.runtimeMs / 1000).toFixed(0)} s, ` +
            `${r.ticks.adaptive} ticks, adaptive accuracy ${pct(acc)}, ` +
            `event-loop delay p99 ${r.eventLoopDelayMs.p99.toFixed(0)} ms, ` +
            `tick p99 ${secs(r.tickDurationMs.adaptive.p99)}`,
        );
        resolveRun(r);
      } else if (m.type === 'aborted' || m.type === 'error') {
        settled = true;
        reject(new Error(`${label}: ${m.type === 'aborted' ? 'interrupted' : m.message}`));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      workers.delete(label);
      if (!settled) reject(new Error(`${label}: worker exited with ${code} before reporting`));
    });
  });
}

let results;
try {
  // The first failure stops every other cluster at once rather than after its whole timeline.
  const runs = opts.sizes.flatMap((size) =>
    Array.from({ length: opts.copies }, (_, copy) =>
      runCluster(size, copy).catch((err) => {
        stopAll();
        throw err;
      }),
    ),
  );
  const settled = await Promise.allSettled(runs);
  const failed = settled.filter((s) => s.status === 'rejected');
  if (failed.length > 0) throw failed[0].reason;
  results = settled.map((s) => s.value).sort((a, b) => a.size - b.size || a.copy - b.copy);
} catch (err) {
  log(interrupted ? 'interrupted; no results written' : `failed: ${err.stack ?? err}`);
  process.exit(interrupted ? 130 : 1);
}

const agg = aggregate(results);
const targets = checkTargets(agg.allSizes);
const argsShown = process.argv.slice(2).join(' ');
const doc = {
  meta: {
    command:
      process.env.npm_lifecycle_event === 'bench:accuracy'
        ? `npm run bench:accuracy${argsShown ? ` -- ${argsShown}` : ''}`
        : `node scripts/bench-accuracy.mjs${argsShown ? ` ${argsShown}` : ''}`,
    date: new Date().toISOString(),
    node: process.version,
    machine: {
      nproc: availableParallelism(),
      cpu: cpus()[0]?.model?.trim() ?? 'unknown',
      platform: `${process.platform}/${process.arch}`,
    },
    mode: opts.mode,
    seed: opts.seed,
    sizes: opts.sizes,
    copies: opts.copies,
    dist: opts.dist,
    runtimeMs: Math.round(performance.now() - started),
    settings: {
      ...SETTINGS,
      modes: undefined,
      mode: MODES[opts.mode],
      graceMs: SETTINGS.intervalMs + SETTINGS.baseTimeoutMs,
    },
    replicaFrom: results[0]?.replicaFrom ?? null,
    faultEvents: results.reduce((n, r) => n + r.events.length, 0),
    clusters: Object.fromEntries(
      results.map((r) => [
        `${r.size}#${r.copy + 1}`,
        {
          runtimeMs: r.runtimeMs,
          ticks: r.ticks,
          transitions: r.transitions,
          tickDurationMs: r.tickDurationMs,
          eventLoopDelayMs: r.eventLoopDelayMs,
          events: r.events,
          detections: r.detections,
        },
      ]),
    ),
  },
  targets,
  aggregate: agg,
};

const md = markdown(doc);
process.stdout.write(`${md}\n`);
for (const t of targets) log(`${t.met ? 'MET    ' : 'NOT MET'} ${t.mode.padEnd(8)} ${t.target}: ${t.value}`);

if (opts.json !== null) {
  mkdirSync(dirname(opts.json), { recursive: true });
  writeFileSync(opts.json, `${JSON.stringify(doc, null, 2)}\n`);
  log(`wrote ${opts.json}`);
}
if (opts.write) {
  const mdPath = resolve(root, 'BENCHMARKS.md');
  const existing = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
  writeFileSync(mdPath, spliceMarkdown(existing, opts.mode, md));
  log(`wrote BENCHMARKS.md (${opts.mode} section) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} else {
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s (--no-write: BENCHMARKS.md untouched)`);
}
