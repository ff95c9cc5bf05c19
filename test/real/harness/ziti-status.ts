// The built ziti-status binary run against a real cluster as its user runs it: a real process with
// the cluster user's environment, the run's wall time measured from spawn to exit.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClusterView } from '../../../src/model.js';
import type { RealCluster } from './cluster.js';
import { run, type RunResult } from './processes.js';

const BIN = fileURLToPath(new URL('../../../bin/ziti-status.cjs', import.meta.url));

export const EXIT = { healthy: 0, degraded: 1, critical: 2, unknown: 3 } as const;

export function zitiStatus(cluster: RealCluster, args: string[], options: { stdin?: string } = {}): Promise<RunResult> {
  return run(process.execPath, [BIN, ...args], cluster.env, { ...options, timeoutMs: 30_000 });
}

export type ListResult = RunResult & { view: ClusterView };

/** `list controllers -o json` with `args`; throws (with stderr) when no JSON came out. */
export async function listJson(
  cluster: RealCluster,
  args: string[] = [],
  options: { stdin?: string } = {},
): Promise<ListResult> {
  const result = await zitiStatus(cluster, ['list', 'controllers', '-o', 'json', ...args], options);
  if (result.stdout.trim() === '') throw new Error(`no JSON on stdout (exit ${result.code}): ${result.stderr}`);
  return { ...result, view: JSON.parse(result.stdout) as ClusterView };
}

export function rowOf(view: ClusterView, id: string) {
  const row = view.controllers.find((r) => r.id === id);
  if (row === undefined) throw new Error(`no row for ${id} in ${view.controllers.map((r) => r.id).join(', ')}`);
  return row;
}

/** `list controllers --watch` piped: the first `count` JSON views, then SIGTERM by its PID. */
export function watchViews(
  cluster: RealCluster,
  args: string[],
  count: number,
): Promise<{ views: ClusterView[]; receivedAtMs: number[]; code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'list', 'controllers', '--watch', ...args], {
      env: cluster.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const views: ClusterView[] = [];
    const receivedAtMs: number[] = [];
    let buffered = '';
    let stderr = '';
    // Bounded like every real-tier run: a watch that never prints is killed by its PID.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.stdout.on('data', (d: Buffer) => {
      buffered += d;
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (views.length === count) continue;
        views.push(JSON.parse(line) as ClusterView);
        receivedAtMs.push(performance.now() - started);
        if (views.length === count) child.kill('SIGTERM');
      }
    });
    child.on('exit', (code) => {
      clearTimeout(guard);
      if (views.length < count)
        reject(new Error(`watch ended after ${views.length} of ${count} views (exit ${code}): ${stderr}`));
      else resolve({ views, receivedAtMs, code });
    });
  });
}
