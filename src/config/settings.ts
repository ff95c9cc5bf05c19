// Where each setting came from, so `config show` can say it and precedence stays explicit:
// flags > environment > config file > ziti-cli.json > defaults.
export type SettingSource = 'flag' | 'env' | 'config' | 'ziti-cli' | 'default' | 'stdin' | 'prompt';

export interface Sourced<T> {
  value: T;
  source: SettingSource;
  /** The flag, variable or file it came from, e.g. `--timeout`, `ZITI_STATUS_PASSWORD`, a path. */
  where: string;
}

/** The first candidate that is set wins; candidates are listed in precedence order. */
export function firstSet<T>(
  candidates: ReadonlyArray<Sourced<T | undefined | null> | null>,
  fallback: Sourced<T>,
): Sourced<T> {
  for (const candidate of candidates) {
    if (candidate !== null && candidate.value !== undefined && candidate.value !== null) return candidate as Sourced<T>;
  }
  return fallback;
}

export function sourced<T>(value: T, source: SettingSource, where: string): Sourced<T> {
  return { value, source, where };
}
