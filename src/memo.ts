// A string-keyed memo for pure functions of values that controllers send (addresses, times):
// the same few hundred values recur in every replica, but a hostile controller could send new
// ones on every poll of a watch that runs for days, so the memo forgets everything at `limit`.
// `compute` never returns undefined (null is fine): undefined marks a value not yet computed.
export function memoize<T>(compute: (key: string) => Exclude<T, undefined>, limit = 10_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}
