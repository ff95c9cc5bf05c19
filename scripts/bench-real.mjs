#!/usr/bin/env node
// ziti-status against a real 3-node OpenZiti v2.0.3 cluster (the real tier's harness, bundled on
// the fly with esbuild): side by side with the real `ziti fabric list controllers` on a healthy
// cluster, then with one follower hung (SIGSTOP), the whole process and watch mode's polls.
// usage: npm run build && node scripts/bench-real.mjs [runs]
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { findZiti } from './find-ziti.mjs';

const runs = Number(process.argv[2] ?? 7);
const repo = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${repo}bin/ziti-status.cjs`;
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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (label, results) => {
  const ms = results.map((r) => r.ms);
  return `${label.padEnd(48)} median ${median(ms).toFixed(0).padStart(5)} ms  min ${Math.min(...ms)
    .toFixed(0)
    .padStart(5)}  max ${Math.max(...ms)
    .toFixed(0)
    .padStart(5)}  exit ${[...new Set(results.map((r) => r.code))].join(',')}`;
};

const cluster = await RealCluster.start({ nodes: 3 });
try {
  const env = cluster.env;
  const ziti = [];
  const ours = [];
  for (let i = 0; i < runs + 1; i++) {
    const a = await timed(cluster.zitiBin, ['fabric', 'list', 'controllers'], env);
    const b = await timed(process.execPath, [BIN, 'list', 'controllers'], env);
    // The first round warms the controllers and the disk cache.
    if (i > 0) {
      ziti.push(a);
      ours.push(b);
    }
  }
  console.log(`healthy 3-node cluster, ${runs} alternating runs after one untimed round:`);
  console.log(fmt('ziti fabric list controllers (asks one)', ziti));
  console.log(fmt('ziti-status list controllers (asks all three)', ours));
  console.log(`ratio ${(median(ours.map((r) => r.ms)) / median(ziti.map((r) => r.ms))).toFixed(2)}x`);

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
} finally {
  await cluster.close();
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
