#!/usr/bin/env node
// ziti-status against real 3- and 5-node OpenZiti v2.0.3 clusters (the real tier's harness,
// bundled on the fly with esbuild): side by side with the real `ziti fabric list controllers` on a
// healthy cluster (medians, min-max, ratio, TLS handshakes, peak RSS), a first run (empty cache)
// next to a repeat run (warm cache), then on the 3-node cluster one follower hung (SIGSTOP), the
// whole process and watch mode's polls, and a healthy watch: new handshakes after the first view
// and CPU per tick against a one-shot run's CPU.
// Handshakes are counted from outside the product: ziti-status under a preload
// (scripts/bench/tls-counter.cjs), `ziti` (Go) as its connect() calls to the controllers under strace.
// usage: npm run build && node scripts/bench-real.mjs [runs] [--sizes 3,5] [--watch-seconds 60]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { findZiti } from './find-ziti.mjs';

const option = (name, fallback) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback;
const runs = Number(/^\d+$/.test(process.argv[2] ?? '') ? process.argv[2] : 7);
const sizes = option('--sizes', '3,5').split(',').map(Number);
const watchSeconds = Number(option('--watch-seconds', '60'));
const repo = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${repo}bin/ziti-status.cjs`;
const COUNTER = `${repo}scripts/bench/tls-counter.cjs`;
const TIME = '/usr/bin/time';
const STRACE = '/usr/bin/strace';
process.env.ZITI_BIN = findZiti().path;

const harness = `${repo}dist/bench/harness.mjs`;
await build({
  entryPoints: [`${repo}test/real/harness/cluster.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: harness,
  logLevel: 'error',
  define: { 'import.meta.url': 'import_meta_url' },
  banner: {
    js: `const import_meta_url = ${JSON.stringify(pathToFileURL(`${repo}test/real/harness/cluster.ts`).href)};`,
  },
});
const { RealCluster } = await import(pathToFileURL(harness).href);

// Watch mode's own poller and client, bundled from src: one client (one connection pool) reused
// across polls, each poll under its own deadline, as `--watch` polls; their timestamps are exact.
const POLLER_ENTRY = `
  import { readFileSync } from 'node:fs';
  import { Authenticator } from './client/auth/authenticator.js';
  import { startDeadline } from './client/deadline.js';
  import { createHttpClient } from './client/http-client.js';
  import { Secret } from './secret.js';
  import { ControllerPoller } from './watch/poller.js';
  export async function pollDurations(origin, caFile, password, deadlineMs, polls) {
    const base = startDeadline(2 ** 31 - 1);
    const client = createHttpClient({ deadline: base, tls: { ca: readFileSync(caFile, 'utf8') } });
    const auth = new Authenticator(
      { kind: 'password', username: 'admin', password: new Secret(password, 'bench'), method: 'auto' },
      () => new Date(),
    );
    const poller = new ControllerPoller(origin, 'given', undefined);
    const durations = [];
    for (let i = 0; i < polls; i++) {
      const result = await poller.poll(client, auth, deadlineMs);
      durations.push(result.finishedAt - result.startedAt);
    }
    base.dispose();
    await client.close();
    return durations;
  }`;
const pollerBundle = `${repo}dist/bench/poller.mjs`;
await build({
  stdin: { contents: POLLER_ENTRY, resolveDir: `${repo}src`, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: pollerBundle,
  logLevel: 'error',
  banner: {
    js: "import { createRequire as zsRequire } from 'node:module'; const require = zsRequire(import.meta.url);",
  },
});
const { pollDurations } = await import(pathToFileURL(pollerBundle).href);

function timed(command, args, env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('exit', (code) => resolve({ ms: performance.now() - started, code }));
  });
}

/** Runs to the end, capturing stderr (GNU time's report and our own lines go there). */
function captured(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (label, results) => {
  const ms = results.map((r) => r.ms);
  return `${label.padEnd(48)} median ${median(ms).toFixed(0).padStart(5)} ms  min ${Math.min(...ms)
    .toFixed(0)
    .padStart(5)}  max ${Math.max(...ms)
    .toFixed(0)
    .padStart(5)}  exit ${[...new Set(results.map((r) => r.code))].join(',')}`;
};

/** GNU time's last line: "<max RSS KB> <user s> <system s>". */
function timeReport(stderr) {
  const [kb, user, sys] = stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { rssMb: kb / 1024, cpuMs: (user + sys) * 1000 };
}

/** Peak RSS and CPU of `ziti`, and its TCP connections to the controllers (connect() calls, under strace). */
async function zitiFootprint(cluster, env) {
  const args = ['fabric', 'list', 'controllers'];
  const { rssMb } = timeReport((await captured(TIME, ['-f', '%M %U %S', cluster.zitiBin, ...args], env)).stderr);
  if (!existsSync(STRACE)) return { rssMb, handshakes: 'n/a (no strace)' };
  const trace = join(cluster.dir, `strace-${Date.now()}`);
  await captured(STRACE, ['-f', '-qq', '-e', 'trace=connect', '-o', trace, cluster.zitiBin, ...args], env);
  const ports = cluster.ids.map((id) => new URL(cluster.url(id)).port);
  const connects = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => ports.some((p) => l.includes(`htons(${p})`))).length;
  rmSync(trace, { force: true });
  return { rssMb, handshakes: `${connects} TCP connections (1 handshake each; strace)` };
}

/** One ziti-status run under GNU time and the handshake counter; `cold` empties its cache first. */
async function oursFootprint(cluster, env, cold) {
  if (cold) rmSync(join(env.XDG_CACHE_HOME, 'ziti-status'), { recursive: true, force: true });
  const file = join(cluster.dir, `tls-count-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const run = await captured(
    TIME,
    ['-f', '%M %U %S', process.execPath, '--require', COUNTER, BIN, 'list', 'controllers'],
    {
      ...env,
      TLS_COUNT_FILE: file,
      ZITI_STATUS_DEBUG_TLS: '1',
    },
  );
  const counts = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1));
  rmSync(file, { force: true });
  // The product's own count, where the branch that adds it is merged.
  const own = run.stderr.split('\n').find((l) => /^tls: \d+ handshakes/.test(l));
  return {
    ...timeReport(run.stderr),
    handshakes: `${counts.full + counts.resumed} handshakes (${counts.resumed} resumed), ${counts.connections} connections`,
    own: own ?? null,
  };
}

const row = (label, results, ratio, handshakes, rssMb) => {
  const ms = results.map((r) => r.ms);
  const range = `${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)}`;
  return (
    `${label.padEnd(34)} ${median(ms).toFixed(0).padStart(6)} ms ${range.padStart(10)} ${ratio.padStart(6)}  ` +
    `${rssMb.toFixed(0).padStart(4)} MB  ${handshakes}  exit ${[...new Set(results.map((r) => r.code))].join(',')}`
  );
};

async function sideBySide(cluster, size) {
  const env = cluster.env;
  const coldCache = () => rmSync(join(env.XDG_CACHE_HOME, 'ziti-status'), { recursive: true, force: true });
  const ziti = [];
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs + 1; i++) {
    const a = await timed(cluster.zitiBin, ['fabric', 'list', 'controllers'], env);
    coldCache();
    const b = await timed(process.execPath, [BIN, 'list', 'controllers'], env);
    const c = await timed(process.execPath, [BIN, 'list', 'controllers'], env);
    // The first round warms the controllers and the disk cache.
    if (i > 0) {
      ziti.push(a);
      cold.push(b);
      warm.push(c);
    }
  }
  const zitiPrint = await zitiFootprint(cluster, env);
  const coldPrint = await oursFootprint(cluster, env, true);
  const warmPrints = [];
  // CPU time is counted in 10 ms ticks: the median of three repeat runs.
  for (let i = 0; i < 3; i++) warmPrints.push(await oursFootprint(cluster, env, false));
  const warmPrint = warmPrints[0];
  const base = median(ziti.map((r) => r.ms));
  const ratio = (results) => median(results.map((r) => r.ms)) / base;
  const target = size <= 3 ? 2.0 : 2.5;
  console.log(
    `\nhealthy ${size}-node cluster, ${runs} rounds (ziti, ziti-status first run, repeat run) after one untimed round:`,
  );
  console.log(
    `${''.padEnd(34)} ${'median'.padStart(9)} ${'min-max'.padStart(10)} ${'ratio'.padStart(6)}  peak RSS  TLS`,
  );
  console.log(row('ziti fabric list controllers', ziti, '1.00x', zitiPrint.handshakes, zitiPrint.rssMb));
  console.log(
    row('ziti-status, first run (no cache)', cold, `${ratio(cold).toFixed(2)}x`, coldPrint.handshakes, coldPrint.rssMb),
  );
  console.log(
    row('ziti-status, repeat run (cache)', warm, `${ratio(warm).toFixed(2)}x`, warmPrint.handshakes, warmPrint.rssMb),
  );
  for (const [label, print] of [
    ['first run', coldPrint],
    ['repeat run', warmPrint],
  ])
    if (print.own !== null) console.log(`  ziti-status's own count, ${label}: ${print.own}`);
  const verdict = (r) => (r <= target ? 'met' : 'MISSED');
  console.log(
    `target at most ${target.toFixed(1)}x ziti${size <= 3 ? ' (aim 1.5x)' : ''}: repeat run ${ratio(warm).toFixed(2)}x ` +
      `${verdict(ratio(warm))}, first run ${ratio(cold).toFixed(2)}x ${verdict(ratio(cold))}`,
  );
  return median(warmPrints.map((p) => p.cpuMs));
}

async function hungFollower(cluster) {
  const env = cluster.env;
  cluster.hang('ctrl2');
  try {
    const hung = [];
    for (let i = 0; i < runs; i++)
      hung.push(await timed(process.execPath, [BIN, 'list', 'controllers', '--timeout', '1s'], env));
    console.log('\nctrl2 hung (SIGSTOP), --timeout 1s:');
    console.log(fmt('ziti-status list controllers --timeout 1s', hung));
    const worst = Math.max(...hung.map((r) => r.ms));
    console.log(
      `whole process: max ${worst.toFixed(0)} ms against the 1300 ms bound: ${worst <= 1300 ? 'within' : 'OVER'}`,
    );
    console.log(
      fmt(
        'ziti fabric list controllers (asks ctrl1)',
        await Promise.all([timed(cluster.zitiBin, ['fabric', 'list', 'controllers'], env)]),
      ),
    );
    const polls = await pollDurations(cluster.url('ctrl2'), cluster.caFile, 'admin', 1000, 6);
    const longest = Math.max(...polls);
    console.log(
      `watch's poller, one pool, 6 polls of hung ctrl2 under 1000 ms deadlines: ` +
        `${polls.map((ms) => ms.toFixed(0)).join(', ')} ms; ` +
        `max ${longest.toFixed(0)} against 1300: ${longest <= 1300 ? 'within' : 'OVER'}`,
    );
    console.log(`watch --watch 1s --timeout 1s, piped: ${await watchGaps(env, 8)}`);
  } finally {
    cluster.resume('ctrl2');
  }
}

/** CPU time (utime + stime, ms) of a process and its children, from /proc. */
function cpuMsOf(pid) {
  const ticks = (p) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      // Fields 14 and 15 of stat (utime, stime); [0] here is field 3.
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  let children = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {}
  // CLK_TCK is 100 on Linux.
  return [pid, ...children].reduce((sum, p) => sum + ticks(p), 0) * 10;
}

/**
 * A healthy watch: handshakes before its first view, until its third (a view does not wait for a
 * slow poll, so the first tick's connections may open after the first view), and in `seconds`
 * after that; CPU per tick over those `seconds`.
 */
function healthyWatch(cluster, seconds, oneShotCpuMs) {
  const file = join(cluster.dir, `tls-count-watch-${Date.now()}`);
  const env = { ...cluster.env, TLS_COUNT_FILE: file, TLS_COUNT_LIVE: '1', ZITI_STATUS_DEBUG_TLS: '1' };
  const handshakes = () => {
    if (!existsSync(file)) return 0;
    const last = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1));
    return last.full + last.resumed;
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', COUNTER, BIN, 'list', 'controllers', '--watch', '1s'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // The product's own count at exit, where the branch that adds it is merged.
    const ownCount = new Promise((done) =>
      child.on('exit', () => done(stderr.split('\n').find((l) => /^tls: \d+ handshakes/.test(l)) ?? null)),
    );
    let atFirst = null;
    let start = null;
    let views = 0;
    let buffered = '';
    child.stdout.on('data', (d) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      views += lines.length;
      if (atFirst === null && views >= 1) atFirst = handshakes();
      if (start !== null || views < 3) return;
      start = { cpuMs: cpuMsOf(child.pid), handshakes: handshakes(), views };
      setTimeout(async () => {
        const end = { cpuMs: cpuMsOf(child.pid), handshakes: handshakes(), views };
        child.kill('SIGTERM');
        const own = await ownCount;
        const ticks = end.views - start.views;
        const perTick = (end.cpuMs - start.cpuMs) / ticks;
        const added = end.handshakes - start.handshakes;
        resolve(
          (own === null ? '' : `watch's own count at exit: ${own}\n`) +
            `watch --watch 1s, healthy: ${atFirst} handshakes before the first view, ` +
            `${start.handshakes - atFirst} more until the third; in ${seconds} s after it (${ticks} views) ` +
            `${added} (target 0: ${added === 0 ? 'met' : 'MISSED'}); CPU ${perTick.toFixed(1)} ms per tick against ` +
            `${oneShotCpuMs.toFixed(0)} ms for a one-shot run: ${(perTick / oneShotCpuMs).toFixed(3)}x ` +
            `(target at most 0.1x: ${perTick <= 0.1 * oneShotCpuMs ? 'met' : 'MISSED'})`,
        );
      }, seconds * 1000);
    });
  });
}

for (const size of sizes) {
  const cluster = await RealCluster.start({ nodes: size });
  try {
    const oneShotCpuMs = await sideBySide(cluster, size);
    if (size === sizes[0]) {
      await hungFollower(cluster);
      console.log(await healthyWatch(cluster, watchSeconds, oneShotCpuMs));
    }
  } finally {
    await cluster.close();
  }
}

/** Time between successive views of a piped watch while ctrl2 is hung (the first is skipped). */
function watchGaps(env, count) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'list', 'controllers', '--watch', '1s', '--timeout', '1s'], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const at = [];
    let buffered = '';
    child.stdout.on('data', (d) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const _ of lines) at.push(performance.now());
      if (at.length >= count) child.kill('SIGTERM');
    });
    child.on('exit', () => {
      const gaps = at.slice(1, count).map((t, i) => t - at[i]);
      resolve(
        `${gaps.length} gaps between views: median ${median(gaps).toFixed(0)} ms, ` +
          `min ${Math.min(...gaps).toFixed(0)}, max ${Math.max(...gaps).toFixed(0)}`,
      );
    });
  });
}
