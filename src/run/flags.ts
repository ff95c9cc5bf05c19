// What commander hands each command that polls a cluster: the shared connection flags plus the
// command's own, tagged with the command so one planner serves them all.
import type { ConnectionFlags } from '../config/resolve.js';

/** The thresholds of the checks beyond isOnline, as commander hands them over (unparsed). */
export interface InsightFlags {
  maxLag?: string;
  certWarn?: string;
  maxElections?: string;
}

export interface ListFlags extends ConnectionFlags, InsightFlags {
  demo?: boolean;
  watch?: string | true;
  events?: boolean;
  staleAfter?: string;
  auditLog?: string;
  zitiCompat?: boolean;
  /** The optional positional ziti query, e.g. 'isOnline = false'. */
  filter?: string;
}

export interface ServeFlags extends ConnectionFlags, InsightFlags {
  listen: string;
  interval?: string;
  clusterName?: string;
}

export type RunFlags = ({ command: 'list' } & ListFlags) | ({ command: 'serve'; targets: string[] } & ServeFlags);
