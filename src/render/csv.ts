// `-o csv` (and `--csv`, as `ziti` spells it): one row per controller with raw values (RFC 4180).
import type { ClusterView } from '../model.js';
import type { RenderContext } from './render-context.js';
import { buildRows, type Column } from './rows.js';
import { sanitizeForTerminal } from './sanitize.js';

// Raw values, not the table's words: a spreadsheet or script wants true/false, numbers and ISO times.
const CSV_COLUMNS: readonly Column[] = [
  { header: 'id', cell: (r) => r.id },
  { header: 'name', cell: (r) => r.name ?? '' },
  { header: 'status', cell: (r) => r.status },
  { header: 'is_leader', cell: (r) => String(r.isLeader) },
  { header: 'reachable', cell: (r) => String(r.reachable) },
  { header: 'latency_ms', cell: (r) => (r.latencyMs === null ? '' : String(r.latencyMs)) },
  { header: 'last_joined_at', cell: (r) => r.lastJoinedAt ?? '' },
  { header: 'agreeing_replicas', cell: (r) => String(r.views.agreeing) },
  { header: 'replicas', cell: (r) => String(r.views.replicas.length) },
  { header: 'flags', cell: (r) => r.flags.map((f) => f.code).join(' ') },
  { header: 'error', cell: (r) => r.error ?? '' },
];

export function renderCsv(view: ClusterView, ctx: RenderContext): string {
  const rows = buildRows(view.controllers, CSV_COLUMNS, ctx, 10_000).map((r) => r.cells);
  const lines = (ctx.noHeaders ? rows : [CSV_COLUMNS.map((c) => c.header), ...rows]).map((cells) =>
    cells.map(field).join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}

// Quote what needs quoting; a leading = + - @ would be a formula in a spreadsheet, so such a
// value (a hostile controller name) is prefixed with an apostrophe.
// Control and escape characters are neutralised as for a terminal: CSV often ends up on one.
function field(raw: string): string {
  const value = sanitizeForTerminal(raw, 10_000);
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}
