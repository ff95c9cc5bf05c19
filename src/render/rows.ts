// Display rows built once from the view; table and plain print these cells (etcdctl-style printers).
import type { ClusterView, ControllerRow } from '../model.js';
import type { RenderContext } from './render-context.js';
import { sanitizeForTerminal } from './sanitize.js';
import { formatTime } from './time.js';

export const COLUMNS = ['ID', 'NAME', 'STATUS', 'LEADER', 'REACHABLE', 'LAST JOINED', 'VIEWS', 'FLAGS'] as const;

export interface DisplayRow {
  row: ControllerRow;
  cells: string[];
}

export function displayRows(view: ClusterView, ctx: RenderContext, maxText: number): DisplayRow[] {
  return view.controllers.map((row) => ({
    row,
    cells: [
      sanitizeForTerminal(row.id, maxText),
      sanitizeForTerminal(row.name ?? '-', maxText),
      row.status,
      row.isLeader ? 'leader' : '',
      reachableCell(row),
      formatTime(row.lastJoinedAt, ctx.now, ctx.tty),
      viewsCell(row),
      row.flags.map((f) => f.code).join(',') || '-',
    ],
  }));
}

/** `-o wide` adds where and what each controller is, and what every replica says of it. */
export const WIDE_COLUMNS = ['ADDRESS', 'VERSION', 'FINGERPRINT', 'REPLICAS'] as const;

export function wideCells(row: ControllerRow, maxText: number): string[] {
  return [
    row.address ?? '-',
    sanitizeForTerminal(row.version ?? '-', maxText),
    row.fingerprint === null ? '-' : sanitizeForTerminal(row.fingerprint.slice(0, 12), 12),
    row.views.replicas.map((r) => `${sanitizeForTerminal(r.from, maxText)}:${r.isOnline ? 'on' : 'off'}`).join(' ') || '-',
  ];
}

function reachableCell(row: ControllerRow): string {
  if (row.reachable) return `yes ${row.latencyMs ?? '?'}ms`;
  if (row.address === null) return 'not polled';
  return 'no';
}

// "2/3": replicas agreeing with the consensus replica on this controller's isOnline, of those read.
function viewsCell(row: ControllerRow): string {
  const { replicas, consensus, agreeing } = row.views;
  if (replicas.length === 0) return '-';
  return consensus === null ? `0/${replicas.length}` : `${agreeing}/${replicas.length}`;
}

export function summaryLine(view: ClusterView): string {
  const c = view.cluster;
  const q = c.quorum;
  const leader = c.leader === null ? 'none' : sanitizeForTerminal(c.leader, 80);
  const quorum = `${q.voters} voters, ${q.needed} needed, ${q.reachable} reachable${q.verified ? '' : ' (unverified)'}`;
  const consensus = c.consensusReplicaFrom === null ? c.consensus : `${c.consensus} (${sanitizeForTerminal(c.consensusReplicaFrom, 80)})`;
  return `verdict: ${c.verdict}  leader: ${leader}  quorum: ${quorum}  consensus: ${consensus}`;
}

/** Why: one line per cluster reason and per controller flag or error. */
export function reasonLines(view: ClusterView): string[] {
  const lines = [...view.cluster.reasons, ...view.cluster.notes.map((n) => `note: ${n}`)].map((r) => sanitizeForTerminal(r, 400));
  for (const row of view.controllers) {
    const id = sanitizeForTerminal(row.id, 80);
    for (const flag of row.flags) lines.push(`${id} ${flag.code}: ${sanitizeForTerminal(flag.message, 400)}`);
    if (row.flags.length === 0 && row.error !== null) lines.push(`${id}: ${sanitizeForTerminal(row.error, 400)}`);
  }
  return lines;
}
