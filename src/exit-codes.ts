// The exit-code contract scripts rely on (DESIGN.md section 4), mapped in one place.
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

export function exitCodeFor(verdict: Verdict, failOn: FailOn): number {
  if (failOn === 'never') return 0;
  if (verdict === 'degraded' && failOn === 'critical') return 0;
  return EXIT[verdict];
}

export const EXIT_CODE_HELP = `Exit codes:
  0   healthy (or below the --fail-on level)
  1   degraded: a backed leader, but something offline, unreachable, bad or stale
  2   critical: no backed leader, split leadership, or no quorum reachable
  3   unknown: nothing could be judged (credentials or TLS refused everywhere)
  64  usage or configuration error
  130 interrupted (SIGINT), 143 terminated (SIGTERM)`;
