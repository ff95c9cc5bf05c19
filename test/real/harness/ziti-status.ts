// The built ziti-status binary run against a real cluster as its user runs it: a real process with
// the cluster user's environment, the run's wall time measured from spawn to exit.
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
export async function listJson(cluster: RealCluster, args: string[] = [], options: { stdin?: string } = {}): Promise<ListResult> {
  const result = await zitiStatus(cluster, ['list', 'controllers', '-o', 'json', ...args], options);
  if (result.stdout.trim() === '') throw new Error(`no JSON on stdout (exit ${result.code}): ${result.stderr}`);
  return { ...result, view: JSON.parse(result.stdout) as ClusterView };
}

export function rowOf(view: ClusterView, id: string) {
  const row = view.controllers.find((r) => r.id === id);
  if (row === undefined) throw new Error(`no row for ${id} in ${view.controllers.map((r) => r.id).join(', ')}`);
  return row;
}
