// The harness's promise that no controller outlives the test process that started it, even when
// that process is killed outright (kill -9 of jest, a crashed worker): its watchdog ends them.
import { afterAll, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { waitUntil } from './harness/wait.js';

const work = mkdtempSync(join(tmpdir(), 'ziti-status-teardown-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('killing the test process with SIGKILL ends every controller it started, their gops sockets and files', async () => {
  // The harness is TypeScript: bundle it so a plain node process can start a cluster with it.
  const source = fileURLToPath(new URL('./harness/cluster.ts', import.meta.url));
  const bundle = join(work, 'harness.mjs');
  await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'error',
    define: { 'import.meta.url': 'sourceUrl' },
    banner: { js: `const sourceUrl = ${JSON.stringify(pathToFileURL(source).href)};` },
  });
  const script = `const { RealCluster } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
    const cluster = await RealCluster.start({ nodes: 2 });
    console.log(JSON.stringify({ dir: cluster.dir }));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const { dir } = await new Promise<{ dir: string }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { dir: string });
    });
    child.on('exit', (code) => reject(new Error(`the cluster's process exited (${code}) before it started`)));
  });
  const pids = readFileSync(join(dir, 'pids'), 'utf8').split('\n').filter(Boolean).map(Number);
  expect(pids.length).toBeGreaterThanOrEqual(2);
  expect(pids.every(alive)).toBe(true);

  child.kill('SIGKILL');
  clearTimeout(guard);
  await waitUntil('every controller of the killed process has exited', 15_000, () => !pids.some(alive), 100);
  await waitUntil("the cluster's directory is removed", 5000, () => !existsSync(dir), 100);
  expect(pids.filter((pid) => existsSync(`/tmp/gops-agent.${pid}.sock`))).toEqual([]);
});
