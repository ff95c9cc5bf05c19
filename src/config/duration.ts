// Durations as `ziti` takes them (plain number = seconds) plus Go-style units: 500ms, 2s, 1.5s, 1m.
import { UsageError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) {
    throw new UsageError(`${flag}: '${text}' is not a duration; use seconds (5) or a unit (500ms, 2s, 1m)`);
  }
  const ms = Number(match[1]) * UNIT_MS[match[2] ?? 's']!;
  if (!(ms > 0)) throw new UsageError(`${flag}: must be greater than zero (got '${text}')`);
  return Math.round(ms);
}
