// Compares two JSON values by shape, not by value: keys present on one side only, value kinds
// (null, boolean, number, string classes, array, object), array lengths. Values are compared only
// at the paths a caller names (constants such as error codes, and the state a fault leaves). Each
// difference is one line naming its path, e.g.
//   data[0].apiAddresses.health-checks: present in sim, absent in real
// The real side is the reference: "real" is always named first.

export interface ShapeOptions {
  /** Paths (indexes written `[]`) whose scalar values must be equal, e.g. `error.code`, `data[].isOnline`. */
  exact?: readonly string[];
  /** Paths of arrays compared as sets of values (order ignored), e.g. `meta.filterableFields`. */
  sets?: readonly string[];
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** The kind of a JSON value; strings are told apart by the forms a client parses. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') {
    if (value === '') return 'empty string';
    const time = RFC3339.exec(value);
    if (time) return time[1] ? 'RFC3339 string with fraction' : 'RFC3339 string';
    return 'string';
  }
  return typeof value;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
const generic = (path: string) => path.replace(/\[\d+\]/g, '[]');
const show = (value: unknown) => JSON.stringify(value);

export function shapeDiff(real: unknown, sim: unknown, options: ShapeOptions = {}): string[] {
  const exact = new Set(options.exact ?? []);
  const sets = new Set(options.sets ?? []);
  const out: string[] = [];
  const walk = (r: unknown, s: unknown, at: string): void => {
    const name = at === '' ? '(root)' : at;
    const [kr, ks] = [kindOf(r), kindOf(s)];
    if (kr !== ks) {
      out.push(`${name}: ${kr} in real, ${ks} in sim`);
      return;
    }
    if (sets.has(generic(at)) && Array.isArray(r) && Array.isArray(s)) {
      const [a, b] = [r.map(show), s.map(show)];
      const missing = a.filter((v) => !b.includes(v));
      const extra = b.filter((v) => !a.includes(v));
      if (missing.length > 0) out.push(`${name}: ${missing.join(', ')} in real, not in sim`);
      if (extra.length > 0) out.push(`${name}: ${extra.join(', ')} in sim, not in real`);
      return;
    }
    if (exact.has(generic(at)) && kr !== 'object' && kr !== 'array' && show(r) !== show(s)) {
      out.push(`${name}: ${show(r)} in real, ${show(s)} in sim`);
      return;
    }
    if (Array.isArray(r) && Array.isArray(s)) {
      if (r.length !== s.length) out.push(`${name}: ${r.length} items in real, ${s.length} in sim`);
      for (let i = 0; i < Math.min(r.length, s.length); i++) walk(r[i], s[i], `${at}[${i}]`);
      return;
    }
    if (kr !== 'object') return;
    const [ro, so] = [r as Record<string, unknown>, s as Record<string, unknown>];
    for (const key of Object.keys(ro)) {
      if (!(key in so)) out.push(`${join(at, key)}: present in real, absent in sim`);
      else walk(ro[key], so[key], join(at, key));
    }
    for (const key of Object.keys(so)) if (!(key in ro)) out.push(`${join(at, key)}: present in sim, absent in real`);
  };
  walk(real, sim, '');
  return out;
}
