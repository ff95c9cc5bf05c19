#!/usr/bin/env node
// Writes dist/bundle/*.cjs.v8cache: runs the built CLI's common paths in this process (--help, a
// usage error, list controllers as a table and as JSON against a simulated cluster in another
// process), then asks V8 for the bytecode of everything those runs compiled. Run by
// scripts/bundle.mjs with plain `node`: V8 refuses a cache made under other flags, and the CLI
// then compiles from source as it would without one.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { codeCacheFile, compileBundle } = createRequire(import.meta.url)('../bin/load-bundle.cjs');

const cli = compileBundle('ziti-status', { useCodeCache: false });
let commands;
const loadCommands = async () => {
  commands ??= compileBundle('commands', { useCodeCache: false, http: true });
  return commands.exports;
};
const home = mkdtempSync(join(tmpdir(), 'ziti-status-warm-'));
const io = () => ({
  stdout: { write: () => true, isTTY: false },
  stderr: { write: () => true, isTTY: false },
  env: {},
  cwd: home,
  homeDir: home,
  platform: process.platform,
  now: () => new Date(),
  startedAt: performance.now(),
  readStdin: async () => '',
  untilInterrupted: () => new Promise(() => {}),
});

async function run(args, expected) {
  const code = await cli.exports.main(args, io(), loadCommands);
  if (code !== expected) throw new Error(`warm-up run ${args.join(' ')} exited with ${code}, not ${expected}`);
}

// The first bundle's cache before the commands load: loading them changes V8's flags (--liftoff-only).
await run(['--help'], 0);
await run(['list', 'controllers', '--no-such-flag'], 64);
writeFileSync(codeCacheFile('ziti-status'), cli.codeCacheBytes());

const sim = await startSimulator();
try {
  await run(['list', 'controllers', '-c', sim.url], 0);
  await run(['list', 'controllers', '-c', sim.url, '-o', 'json'], 0);
} finally {
  sim.child.kill('SIGINT');
}
writeFileSync(codeCacheFile('commands'), commands.codeCacheBytes());

/** `ziti-status simulate` (a healthy three-node cluster) in its own process, so its code stays out of the cache. */
function startSimulator() {
  const scenario = join(home, 'healthy.json');
  writeFileSync(scenario, JSON.stringify({ controllers: [{ id: 'ctrl1' }, { id: 'ctrl2' }, { id: 'ctrl3' }] }));
  const child = spawn(process.execPath, ['bin/ziti-status.cjs', 'simulate', '--scenario', scenario], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const lines = out.split('\n').filter((line) => line.includes('\t'));
      if (lines.length >= 3) resolve({ url: lines[0].split('\t')[1], child });
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}
