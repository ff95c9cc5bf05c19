// Durations as `ziti` takes them (plain number = seconds) plus Go-style units: 500ms, 2s, 1.5s, 1m,
// and Go's compound form: 1m30s, 1h2m3.5s; and days: 30d.
import { UsageError } from '../errors.js';

// d (days) is ours, not Go's: certificate warnings are counted in days.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string, flag: string): number {
  const trimmed = text.trim();
  const parts = /^\d+(?:\.\d+)?$/.test(trimmed)
    ? [['', trimmed, 's']]
    : /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(trimmed)
      ? [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)]
      : null;
  if (parts === null) {
    throw new UsageError(`${flag}: '${text}' is not a duration; use seconds (5) or a unit (500ms, 2s, 1m, 1m30s)`);
  }
  const ms = parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_MS[unit!]!, 0);
  if (!(ms > 0)) throw new UsageError(`${flag}: must be greater than zero (got '${text}')`);
  return Math.round(ms);
}
