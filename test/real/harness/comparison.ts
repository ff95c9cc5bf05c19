// What the real `ziti fabric list controllers` said at the same instant as ziti-status, and what
// was true (the test knows: it stopped or killed the process itself). Each instant is appended to
// a JSON-lines file that scripts/real-comparison.mjs turns into docs/real-cluster-comparison.md.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterView } from '../../../src/model.js';
import type { RealCluster } from './cluster.js';
import { listJson, type ListResult } from './ziti-status.js';

/**
 * What each controller really was: serving, SIGKILLed, SIGSTOPped, or removed from the cluster (and whether
 * it still runs).
 */
export type Truth = Record<string, 'up' | 'killed' | 'hung' | 'removed'>;

/** Set by global-setup.mjs, which starts it afresh for every run of the tier. */
const COMPARISON_FILE =
  process.env.REAL_COMPARISON_OUT ??
  join(dirname(fileURLToPath(import.meta.url)), '../../../dist/real-comparison.jsonl');

export interface Instant {
  case: string;
  instant: string;
  truth: Truth;
  /** The controller the `ziti` CLI was logged in to (its stored identity). */
  zitiAsked: string;
  ziti: { rows: Record<string, boolean> | null; error: string | null; exitCode: number };
  zitiStatus: {
    verdict: string;
    leader: string | null;
    rows: Record<string, { status: string; flags: string[] }>;
    exitCode: number;
  };
}

/** Runs the real CLI against `askedVia` right after ziti-status's run, and records both. */
export async function recordInstant(
  cluster: RealCluster,
  what: { case: string; instant: string; truth: Truth; askedVia: string; view: ClusterView; exitCode: number },
): Promise<Instant> {
  const ziti = await cluster.ziti(['fabric', 'list', 'controllers', '-j', '-i', what.askedVia, '--timeout', '5'], {
    timeoutMs: 15_000,
  });
  let rows: Record<string, boolean> | null = null;
  let error: string | null = null;
  try {
    const body = JSON.parse(ziti.stdout) as { data: { id: string; isOnline: boolean }[] };
    rows = Object.fromEntries(body.data.map((r) => [r.id, r.isOnline]));
  } catch {
    error = (ziti.stderr || ziti.stdout).trim().split('\n').pop() ?? `exit ${ziti.code}`;
  }
  const instant: Instant = {
    case: what.case,
    instant: what.instant,
    truth: what.truth,
    zitiAsked: what.askedVia,
    ziti: { rows, error, exitCode: ziti.code },
    zitiStatus: {
      verdict: what.view.cluster.verdict,
      leader: what.view.cluster.leader,
      rows: Object.fromEntries(
        what.view.controllers.map((r) => [r.id, { status: r.status, flags: r.flags.map((f) => f.code) }]),
      ),
      exitCode: what.exitCode,
    },
  };
  mkdirSync(dirname(COMPARISON_FILE), { recursive: true });
  appendFileSync(COMPARISON_FILE, `${JSON.stringify(instant)}\n`);
  return instant;
}

/** Runs `list controllers -o json` with `args`, then the real CLI, and records the instant. */
export async function observe(
  cluster: RealCluster,
  what: { case: string; instant: string; truth: Truth; askedVia: string },
  args: string[] = [],
): Promise<ListResult> {
  const result = await listJson(cluster, args);
  await recordInstant(cluster, { ...what, view: result.view, exitCode: result.code });
  return result;
}
