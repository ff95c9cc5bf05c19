#!/usr/bin/env node
// 100 simulated controllers: whole-run wall time and peak memory of `list controllers`, next to
// the floor of the same sweep by a bare script (scripts/yardstick.mjs), and the same sweep over
// undici (scripts/yardstick-undici.cjs). Run after `npm run build`: node scripts/bench-scale.mjs [nodes] [runs]
import { spawn } from 'node:child_process';

const nodes = Number(process.argv[2] ?? 100);
const runs = Number(process.argv[3] ?? 7);
const bin = new URL('../bin/ziti-status.cjs', import.meta.url).pathname;
const yardstick = new URL('./yardstick.mjs', import.meta.url).pathname;
const undiciYardstick = new URL('./yardstick-undici.cjs', import.meta.url).pathname;

const sim = spawn(process.execPath, [bin, 'simulate', '--nodes', String(nodes)], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
const url = await new Promise((resolve) => {
  let out = '';
  sim.stdout.on('data', (d) => {
    out += d;
    const lines = out.split('\n').filter(Boolean);
    if (lines.length >= nodes) resolve(lines[0].split('\t')[1]);
  });
});

/** Wall time and peak RSS (GNU time's %M, in KB) of one process. */
function measure(args) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
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
      `peak RSS ${peak.toFixed(0)} MB  exit ${results[0].code}`,
  );
  return { median, peak };
}

const commands = {
  floor: ['yardstick (bare node:http sweep)', [yardstick, url]],
  undici: ['the same sweep over undici', [undiciYardstick, url]],
  tool: [
    'ziti-status list controllers -o json',
    [bin, 'list', 'controllers', '-c', url, '-o', 'json', '--timeout', '10s'],
  ],
};

try {
  console.log(
    `${nodes} simulated controllers, ${runs} runs each (round robin, after two untimed rounds), ` +
      `node ${process.version}`,
  );
  // The simulator's own code runs slower until V8 has optimised it: untimed rounds first, then
  // the three commands in turn, so that neither warm-up nor drift favours one of them.
  for (let i = 0; i < 2; i++) for (const [, args] of Object.values(commands)) await measure(args);
  const results = { floor: [], undici: [], tool: [] };
  for (let i = 0; i < runs; i++)
    for (const [name, [, args]] of Object.entries(commands)) results[name].push(await measure(args));
  const floor = summary(commands.floor[0], results.floor);
  const undiciFloor = summary(commands.undici[0], results.undici);
  const tool = summary(commands.tool[0], results.tool);
  console.log(
    `ratio ${(tool.median / floor.median).toFixed(2)}x (target at most 1.5x); ` +
      `peak ${tool.peak.toFixed(0)} MB (target at most 200 MB)`,
  );
  console.log(`the undici sweep alone: ${(undiciFloor.median / floor.median).toFixed(2)}x the yardstick`);
} finally {
  sim.kill('SIGINT');
}
