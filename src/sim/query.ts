// limit/offset/filter of the simulated controllers list, with the real server's defaults and clamping.

/** The edge API's page size when the client sends no limit. */
export const DEFAULT_LIMIT = 10;

export type Paging = { ok: true; limit: number; offset: number } | { ok: false; message: string };

function parseCount(params: URLSearchParams, name: string): number | string | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw.trim())) return `${name} must be a non-negative integer, got "${raw}"`;
  return Number(raw.trim());
}

/** Non-integer or negative values are a 400; a limit above the server's maximum is clamped to it. */
export function parsePaging(params: URLSearchParams, pageLimitMax: number): Paging {
  const limit = parseCount(params, 'limit');
  const offset = parseCount(params, 'offset');
  if (typeof limit === 'string') return { ok: false, message: limit };
  if (typeof offset === 'string') return { ok: false, message: offset };
  // limit=0 is treated like no limit: the server falls back to its default page size.
  const wanted = limit === undefined || limit === 0 ? DEFAULT_LIMIT : limit;
  return { ok: true, limit: Math.min(wanted, pageLimitMax), offset: offset ?? 0 };
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
