// The exit-code contract scripts rely on (docs/design.md section 4): a verdict's code here, an
// error's in cli.ts, and nowhere else.
import type { Verdict } from './model.js';

export const EXIT = {
  healthy: 0,
  degraded: 1,
  critical: 2,
  unknown: 3,
  usage: 64,
  internal: 70,
  interrupted: 130,
  terminated: 143,
} as const;

export const FAIL_ON = ['degraded', 'critical', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/**
 * The verdict's code under --fail-on; null when no view was produced (a watch whose reader left first), which is no
 * failure.
 */
export function exitCodeFor(verdict: Verdict | null, failOn: FailOn): number {
  if (verdict === null || failOn === 'never') return EXIT.healthy;
  if (verdict === 'degraded' && failOn === 'critical') return EXIT.healthy;
  return EXIT[verdict];
}

export const EXIT_CODE_HELP = `Exit codes:
  0   healthy (or below the --fail-on level)
  1   degraded: a backed leader, but something offline, unreachable, bad, stale or lagging,
      a certificate expired or expiring, versions skewed, or the leader flapping
  2   critical: no backed leader, split leadership, or no quorum reachable
  3   unknown: nothing could be judged (a failed login, no login, credentials or TLS refused everywhere)
  64  usage or configuration error
  70  internal error (a bug of ours, never a verdict)
  130 interrupted (SIGINT), 143 terminated (SIGTERM)`;
