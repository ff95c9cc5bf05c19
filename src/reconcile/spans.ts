// A span of time in the largest whole unit that keeps it readable: "45s", "12m", "5h", "29d". One
// wording for flag messages (pure core) and the terminal's relative times (src/render/time.ts).

export function spanOfSeconds(seconds: number): string {
  if (seconds < 90) return `${seconds}s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)}m`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

export function spanOfMs(ms: number): string {
  return spanOfSeconds(Math.round(ms / 1000));
}
