// --max-lag, --cert-warn and --max-elections into the reconcile policy, each checked up front.
import { parseDuration } from '../config/duration.js';
import { UsageError } from '../errors.js';
import { DEFAULT_POLICY, type ReconcilePolicy } from '../reconcile/policy.js';
import type { InsightFlags } from './flags.js';

export function planPolicy(flags: InsightFlags, loops: boolean): ReconcilePolicy {
  if (flags.maxElections !== undefined && !loops)
    throw new UsageError('--max-elections counts leader changes over time: add --watch [interval]');
  return {
    ...DEFAULT_POLICY,
    maxLagEntries: flags.maxLag === undefined ? DEFAULT_POLICY.maxLagEntries : count(flags.maxLag, '--max-lag'),
    certWarnMs: flags.certWarn === undefined ? DEFAULT_POLICY.certWarnMs : parseDuration(flags.certWarn, '--cert-warn'),
    maxElections:
      flags.maxElections === undefined ? DEFAULT_POLICY.maxElections : count(flags.maxElections, '--max-elections'),
  };
}

function count(text: string, flag: string): number {
  if (!/^\d{1,9}$/.test(text.trim()))
    throw new UsageError(`${flag}: '${text}' is not a whole number; e.g. ${flag} ${flag === '--max-lag' ? 100 : 2}`);
  return Number(text.trim());
}
