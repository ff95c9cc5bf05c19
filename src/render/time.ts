// Times relative on a terminal ("3m ago") and RFC3339 when piped, as the GitHub CLI does.
import { spanOfSeconds } from '../reconcile/spans.js';

export function formatTime(iso: string | null, now: Date, relative: boolean): string {
  if (iso === null) return 'never';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  if (!relative) return new Date(at).toISOString();
  const seconds = Math.round((now.getTime() - at) / 1000);
  if (seconds < 0) return `in ${spanOfSeconds(-seconds)} (clock skew?)`;
  return seconds < 5 ? 'just now' : `${spanOfSeconds(seconds)} ago`;
}

/** A certificate's expiry: "in 29d" or "expired 3d ago" on a terminal, RFC3339 when piped. */
export function formatExpiry(iso: string | null, now: Date, relative: boolean): string {
  if (iso === null) return '-';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  if (!relative) return new Date(at).toISOString();
  const seconds = Math.round((at - now.getTime()) / 1000);
  return seconds < 0 ? `expired ${spanOfSeconds(-seconds)} ago` : `in ${spanOfSeconds(seconds)}`;
}
