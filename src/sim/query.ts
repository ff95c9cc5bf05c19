// limit/offset/filter of the simulated controllers list, with the real server's defaults and clamping.

/** The edge API's page size when the client sends no limit. */
export const DEFAULT_LIMIT = 10;

/**
 * What a negative limit becomes (boltz: math.MaxInt64, every row). The exact int64 is written as a
 * BigInt; the page limit is a JS number, so it is that number rounded (2**63), as JSON prints it.
 */
export const NO_LIMIT = Number(9223372036854775807n);

export type Paging =
  | { ok: true; limit: number; offset: number }
  | { ok: false; field: string; reason: string; value: string };

function parseCount(
  params: URLSearchParams,
  name: string,
): number | { field: string; reason: string; value: string } | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  // go-openapi checks the int64 type before the controller sees the query (HTTP 601).
  if (!/^[+-]?\d+$/.test(raw))
    return { field: name, reason: `${name} in query must be of type int64: "${raw}"`, value: raw };
  return Number(raw);
}

/**
 * As v2.0.3 pages: a value that is not an integer is a 601 COULD_NOT_VALIDATE; limit=0 means the
 * default page size, a negative limit every row (not clamped), a limit above the maximum is
 * clamped to it; a negative offset is 0.
 */
export function parsePaging(params: URLSearchParams, pageLimitMax: number): Paging {
  const limit = parseCount(params, 'limit');
  const offset = parseCount(params, 'offset');
  if (typeof limit === 'object') return { ok: false, ...limit };
  if (typeof offset === 'object') return { ok: false, ...offset };
  const wanted =
    limit === undefined || limit === 0 ? DEFAULT_LIMIT : limit < 0 ? NO_LIMIT : Math.min(limit, pageLimitMax);
  return { ok: true, limit: wanted, offset: Math.max(0, offset ?? 0) };
}

export interface FilterableRow {
  id: string;
  name: string;
  isOnline: boolean;
}

type Clause = { field: 'id' | 'name'; value: string } | { field: 'isOnline'; value: boolean };

const CLAUSE = /^\s*(id|name|isOnline)\s*=\s*("(?:[^"\\]|\\.)*"|true|false)\s*/i;

/** Parses `field = value (and field = value)*` for id, name (quoted strings) and isOnline (true|false). */
function parseClauses(filter: string): Clause[] | null {
  const clauses: Clause[] = [];
  let rest = filter;
  for (;;) {
    const m = CLAUSE.exec(rest);
    if (!m || m[1] === undefined || m[2] === undefined) return null;
    const field = m[1].toLowerCase() === 'isonline' ? 'isOnline' : (m[1].toLowerCase() as 'id' | 'name');
    const raw = m[2];
    if (field === 'isOnline') {
      if (raw.startsWith('"')) return null;
      clauses.push({ field, value: raw.toLowerCase() === 'true' });
    } else {
      if (!raw.startsWith('"')) return null;
      clauses.push({ field, value: raw.slice(1, -1).replace(/\\(.)/g, '$1') });
    }
    rest = rest.slice(m[0].length);
    if (rest === '') return clauses;
    const and = /^and\s+/i.exec(rest);
    if (!and) return null;
    rest = rest.slice(and[0].length);
  }
}

/**
 * A predicate for the filter query parameter. Only the subset above is understood; anything else
 * (other fields, operators, or/not, sorting, embedded limit) is ignored and every row matches.
 */
export function compileFilter(filter: string | null): (row: FilterableRow) => boolean {
  const clauses = filter === null || filter.trim() === '' ? null : parseClauses(filter);
  if (!clauses) return () => true;
  return (row) => clauses.every((c) => row[c.field] === c.value);
}
