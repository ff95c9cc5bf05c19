// `--ziti-compat`: the columns and `results:` footer of `ziti fabric list controllers` (go-pretty's
// rounded style, headers upper-cased), from the consensus replica, for scripts that parse it.
import type { ClusterView } from '../model.js';
import { sanitizeForTerminal } from './sanitize.js';

const HEADER = ['ID', 'NAME', 'LAST CONNECTED', 'ISONLINE (ONLY VALID IF CLUSTER HAS LEADER)', 'PREFERRED LEADER'];

export function renderZitiCompat(view: ClusterView): string {
  const rows = view.controllers
    .filter((r) => r.views.consensus !== null)
    .map((r) => [
      sanitizeForTerminal(r.id, 400),
      sanitizeForTerminal(r.name ?? '', 400),
      r.views.consensus!.lastJoinedAt === null ? 'never' : new Date(r.views.consensus!.lastJoinedAt).toISOString(),
      String(r.views.consensus!.isOnline),
      String(r.isPreferredLeader),
    ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (left: string, mid: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  const cells = (values: string[]) => `│${values.map((v, i) => ` ${v.padEnd(widths[i]!)} `).join('│')}│`;
  const table = [line('╭', '┬', '╮'), cells(HEADER), line('├', '┼', '┤'), ...rows.map(cells), line('╰', '┴', '╯')];
  // The footer as `ziti` prints it after paging: first-last of total.
  const footer = rows.length === 0 ? 'results: none' : `results: 1-${rows.length} of ${rows.length}`;
  return `${table.join('\n')}\n${footer}\n`;
}
