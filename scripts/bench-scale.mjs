#!/usr/bin/env node
// 100 simulated controllers: whole-run wall time and peak memory of `list controllers`, next to
// the floor of the same sweep by a bare script, and the same sweep over undici. Over HTTPS by
// default (scripts/bench/sim-https.mjs, yardstick scripts/yardstick-https.mjs, the same CA);
// --http measures the plain-HTTP sweep of issue 7 (scripts/yardstick.mjs, scripts/yardstick-undici.cjs).
// Run after `npm run build`: node scripts/bench-scale.mjs [nodes] [runs] [--http]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2).filter((a) => a !== '--http');
const overHttp = process.argv.includes('--http');
const nodes = Number(args[0] ?? 100);
const runs = Number(args[1] ?? 7);
const script = (path) => new URL(path, import.meta.url).pathname;
const bin = script('../bin/ziti-status.cjs');
const counter = script('./bench/tls-counter.cjs');
// The tool's own cache (latency history, member cache) in a directory of this benchmark's: warm
// after the untimed rounds, as for anyone who runs it twice.
const cache = mkdtempSync(join(tmpdir(), 'ziti-status-bench-cache-'));
const env = { ...process.env, XDG_CACHE_HOME: cache };

const sim = overHttp
  ? spawn(process.execPath, [bin, 'simulate', '--nodes', String(nodes)], { stdio: ['ignore', 'pipe', 'ignore'] })
  : spawn(process.execPath, [script('./bench/sim-https.mjs'), String(nodes)], { stdio: ['ignore', 'pipe', 'inherit'] });
const { url, ca } = await new Promise((resolve) => {
  let out = '';
  sim.stdout.on('data', (d) => {
    out += d;
    const lines = out.split('\n').filter(Boolean);
    const ids = lines.filter((l) => l.startsWith('ctrl'));
    if (ids.length >= nodes)
      resolve({ url: ids[0].split('\t')[1], ca: lines.find((l) => l.startsWith('ca\t'))?.split('\t')[1] });
  });
});

/** Wall time and peak RSS (GNU time's %M, in KB) of one process. */
function measure(argv, extraEnv = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, ...argv], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...env, ...extraEnv },
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) =>
      resolve({
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        rssMb: Number(err.trim().split('\n').at(-1)) / 1024,
        code,
      }),
    );
  });
}

function summary(label, results) {
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  const peak = Math.max(...results.map((r) => r.rssMb));
  console.log(
    `${label.padEnd(40)} median ${median.toFixed(0).padStart(5)} ms  min ${ms[0].toFixed(0).padStart(5)}  ` +
      `max ${ms.at(-1).toFixed(0).padStart(5)}  peak RSS ${peak.toFixed(0)} MB  exit ${results[0].code}`,
  );
  return { median, peak };
}

/** One untimed run under the handshake counter: how many TLS handshakes it made. */
async function handshakes(argv) {
  const file = join(cache, `tls-count-${process.hrtime.bigint()}`);
  await measure(['--require', counter, ...argv], { TLS_COUNT_FILE: file });
  const last = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1));
  return `${last.full + last.resumed} handshakes (${last.resumed} resumed), ${last.connections} connections`;
}

const commands = overHttp
  ? {
      floor: ['yardstick (bare node:http sweep)', [script('./yardstick.mjs'), url]],
      undici: ['the same sweep over undici', [script('./yardstick-undici.cjs'), url]],
      tool: [
        'ziti-status list controllers -o json',
        [bin, 'list', 'controllers', '-c', url, '-o', 'json', '--timeout', '10s'],
      ],
    }
  : {
      floor: ['yardstick (bare node:https sweep)', [script('./yardstick-https.mjs'), url, ca]],
      tool: [
        'ziti-status list controllers -o json',
        [bin, 'list', 'controllers', '-c', url, '--ca', ca, '-o', 'json', '--timeout', '10s'],
      ],
    };

try {
  console.log(
    `${nodes} simulated controllers over ${overHttp ? 'HTTP' : 'HTTPS'}, ${runs} runs each (round robin, ` +
      `after two untimed rounds), node ${process.version}`,
  );
  // The simulator's own code runs slower until V8 has optimised it: untimed rounds first, then
  // the commands in turn, so that neither warm-up nor drift favours one of them.
  for (let i = 0; i < 2; i++) for (const [, argv] of Object.values(commands)) await measure(argv);
  const results = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < runs; i++)
    for (const [name, [, argv]] of Object.entries(commands)) results[name].push(await measure(argv));
  const floor = summary(commands.floor[0], results.floor);
  const undiciFloor = commands.undici ? summary(commands.undici[0], results.undici) : null;
  const tool = summary(commands.tool[0], results.tool);
  console.log(
    `ratio ${(tool.median / floor.median).toFixed(2)}x (target at most 1.5x); ` +
      `peak ${tool.peak.toFixed(0)} MB (target at most 200 MB)`,
  );
  if (undiciFloor)
    console.log(`the undici sweep alone: ${(undiciFloor.median / floor.median).toFixed(2)}x the yardstick`);
  if (!overHttp) {
    console.log(`handshakes, yardstick: ${await handshakes(commands.floor[1])}`);
    console.log(`handshakes, ziti-status: ${await handshakes(commands.tool[1])}`);
  }
} finally {
  sim.kill('SIGINT');
  rmSync(cache, { recursive: true, force: true });
}
