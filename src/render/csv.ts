// `-o csv` (and `--csv`, as `ziti` spells it): one row per controller with raw values (RFC 4180).
import type { ClusterView } from '../model.js';
import type { RenderContext } from './render-context.js';
import { sanitizeForTerminal } from './sanitize.js';

const HEADER = ['id', 'name', 'status', 'is_leader', 'reachable', 'latency_ms', 'last_joined_at', 'agreeing_replicas', 'replicas', 'flags', 'error'];

export function renderCsv(view: ClusterView, ctx: RenderContext): string {
  const rows = view.controllers.map((r) => [
    r.id,
    r.name ?? '',
    r.status,
    String(r.isLeader),
    String(r.reachable),
    r.latencyMs === null ? '' : String(r.latencyMs),
    r.lastJoinedAt ?? '',
    String(r.views.agreeing),
    String(r.views.replicas.length),
    r.flags.map((f) => f.code).join(' '),
    r.error ?? '',
  ]);
  const lines = (ctx.noHeaders ? rows : [HEADER, ...rows]).map((cells) => cells.map(field).join(','));
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
