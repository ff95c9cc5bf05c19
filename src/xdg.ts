// Where per-user files go on Linux and the like: the XDG base directories, with the spec's rule
// that a relative (or empty) XDG_*_HOME is invalid and must be ignored.
import { isAbsolute, join } from 'node:path';

/** Each base directory's variable and its default under the home directory. */
const BASES = {
  config: { variable: 'XDG_CONFIG_HOME', fallback: '.config' },
  cache: { variable: 'XDG_CACHE_HOME', fallback: '.cache' },
} as const;

/** $XDG_CONFIG_HOME or $XDG_CACHE_HOME when absolute, else ~/.config or ~/.cache. */
export function xdgBaseDir(
  kind: keyof typeof BASES,
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): string {
  const { variable, fallback } = BASES[kind];
  const value = env[variable];
  return value !== undefined && value !== '' && isAbsolute(value) ? value : join(homeDir, fallback);
}
