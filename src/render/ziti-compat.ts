// `--ziti-compat`: the columns and `results:` footer of `ziti fabric list controllers` (go-pretty's
// rounded style, headers upper-cased), from the consensus replica, for scripts that parse it.
import type { ClusterView } from '../model.js';
import type { RenderContext } from './render-context.js';
import { buildRows, type Column } from './rows.js';
import { sanitizeForTerminal } from './sanitize.js';

// Only rows the consensus replica has reach these columns (filtered below), as only those are ziti's.
const ZITI_COLUMNS: readonly Column[] = [
  { header: 'ID', cell: (r) => sanitizeForTerminal(r.id, 400) },
  { header: 'NAME', cell: (r) => sanitizeForTerminal(r.name ?? '', 400) },
  {
    header: 'LAST CONNECTED',
    cell: (r) =>
      r.views.consensus!.lastJoinedAt === null ? 'never' : new Date(r.views.consensus!.lastJoinedAt).toISOString(),
  },
  { header: 'ISONLINE (ONLY VALID IF CLUSTER HAS LEADER)', cell: (r) => String(r.views.consensus!.isOnline) },
  { header: 'PREFERRED LEADER', cell: (r) => String(r.isPreferredLeader) },
];

/** With ctx.noHeaders the header row and its rule are left out; borders and footer stay, as in the table format. */
export function renderZitiCompat(view: ClusterView, ctx: RenderContext): string {
  const rows = buildRows(
    view.controllers.filter((r) => r.views.consensus !== null),
    ZITI_COLUMNS,
    ctx,
    400,
  ).map((r) => r.cells);
  const header = ctx.noHeaders ? null : ZITI_COLUMNS.map((c) => c.header);
  const widths = ZITI_COLUMNS.map((_, i) =>
    Math.max(header === null ? 0 : header[i]!.length, ...rows.map((r) => r[i]!.length)),
  );
  const line = (left: string, mid: string, right: string) =>
    `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  const cells = (values: string[]) => `│${values.map((v, i) => ` ${v.padEnd(widths[i]!)} `).join('│')}│`;
  const head = header === null ? [] : [cells(header), line('├', '┼', '┤')];
  const table = [line('╭', '┬', '╮'), ...head, ...rows.map(cells), line('╰', '┴', '╯')];
  // The footer as `ziti` prints it after paging: first-last of total.
  const footer = rows.length === 0 ? 'results: none' : `results: 1-${rows.length} of ${rows.length}`;
  return `${table.join('\n')}\n${footer}\n`;
}
