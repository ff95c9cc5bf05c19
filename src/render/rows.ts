// Rows built once from column descriptors (docs/design.md section 6, etcdctl's printers): a column
// says how a controller becomes a cell; table, wide, plain, csv, --ziti-compat and the watch frames
// all read rows built by buildRows, so no printer unpacks cells by position.
import type { ClusterView, ControllerRow } from '../model.js';
import type { RenderContext } from './render-context.js';
import { sanitizeForTerminal } from './sanitize.js';
import { formatExpiry, formatTime } from './time.js';

/** How the table colours a cell; rows stay free of any colour library. */
export type Tone = 'good' | 'bad' | 'warn' | 'strong' | 'dim';

export interface Column {
  header: string;
  /** The cell's text; `maxText` caps text that came from a controller (names, ids, versions). */
  cell(row: ControllerRow, ctx: RenderContext, maxText: number): string;
  /** Moves on every tick with nothing happening (latency, relative times): a watch frame never marks it changed. */
  restless?: boolean;
  tone?(row: ControllerRow): Tone | null;
}

export interface Row {
  /** The controller's id, whole: what a watch frame matches the previous frame's rows by. */
  key: string;
  source: ControllerRow;
  /** One per column, in column order, exactly as printed (before colour). */
  cells: string[];
}

export function buildRows(
  rows: readonly ControllerRow[],
  columns: readonly Column[],
  ctx: RenderContext,
  maxText: number,
): Row[] {
  return rows.map((source) => ({ key: source.id, source, cells: columns.map((c) => c.cell(source, ctx, maxText)) }));
}

const STATUS_TONE = { online: 'good', offline: 'bad', unknown: 'warn' } as const;

/** The columns of table and plain: ID, NAME, STATUS, LEADER, REACHABLE, LAST JOINED, VIEWS, FLAGS. */
export const COLUMNS: readonly Column[] = [
  { header: 'ID', cell: (r, _, max) => sanitizeForTerminal(r.id, max) },
  { header: 'NAME', cell: (r, _, max) => sanitizeForTerminal(r.name ?? '-', max) },
  { header: 'STATUS', cell: (r) => r.status, tone: (r) => STATUS_TONE[r.status] },
  { header: 'LEADER', cell: (r) => (r.isLeader ? 'leader' : ''), tone: (r) => (r.isLeader ? 'strong' : null) },
  { header: 'REACHABLE', cell: reachableCell, restless: true, tone: (r) => (r.reachable ? null : 'bad') },
  { header: 'LAST JOINED', cell: (r, ctx) => formatTime(r.lastJoinedAt, ctx.now, ctx.tty), restless: true },
  { header: 'VIEWS', cell: viewsCell },
  {
    header: 'FLAGS',
    cell: (r) => r.flags.map((f) => f.code).join(',') || '-',
    tone: (r) => (r.flags.length === 0 ? 'dim' : 'warn'),
  },
];

/** `-o wide` adds where and what each controller is, and what every replica says of it. */
export const WIDE_COLUMNS: readonly Column[] = [
  { header: 'ADDRESS', cell: (r) => r.address ?? '-' },
  { header: 'VERSION', cell: (r, _, max) => sanitizeForTerminal(r.version ?? '-', max) },
  {
    header: 'FINGERPRINT',
    cell: (r) => (r.fingerprint === null ? '-' : sanitizeForTerminal(r.fingerprint.slice(0, 12), 12)),
  },
  {
    header: 'CERT EXPIRES',
    // Not restless: relative, it moves at most once a day until the last 36 h, and a renewed
    // certificate is a change a watch frame should mark.
    cell: (r, ctx) => formatExpiry(r.certExpiresAt, ctx.now, ctx.tty),
    tone: (r) =>
      r.flags.some((f) => f.code === 'cert-expired')
        ? 'bad'
        : r.flags.some((f) => f.code === 'cert-expiring')
          ? 'warn'
          : null,
  },
  // The preferred leader (cluster config) beside who leads: a note says when it answers and does not lead.
  { header: 'PREFERRED', cell: (r) => (r.isPreferredLeader ? 'yes' : '-') },
  {
    header: 'REPLICAS',
    cell: (r, _, max) =>
      r.views.replicas.map((o) => `${sanitizeForTerminal(o.from, max)}:${o.isOnline ? 'on' : 'off'}`).join(' ') || '-',
  },
  // Raft entries behind the leader's applied index; '-' when either index is unknown.
  {
    header: 'LAG',
    cell: (r) => (r.lagEntries === null ? '-' : String(r.lagEntries)),
    tone: (r) => (r.flags.some((f) => f.code === 'lagging') ? 'warn' : null),
  },
];

/** Watch frames add when each controller last answered. */
export const LAST_ANSWER: Column = {
  header: 'LAST ANSWER',
  cell: (r, ctx) => formatTime(r.lastAnsweredAt, ctx.now, ctx.tty),
  restless: true,
};

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
  const consensus =
    c.consensusReplicaFrom === null
      ? c.consensus
      : `${c.consensus} (${sanitizeForTerminal(c.consensusReplicaFrom, 80)})`;
  return `verdict: ${c.verdict}  leader: ${leader}  quorum: ${quorum}  consensus: ${consensus}`;
}

/** Why: one line per cluster reason and per controller flag or error. */
export function reasonLines(view: ClusterView): string[] {
  const lines = [...view.cluster.reasons, ...view.cluster.notes.map((n) => `note: ${n}`)].map((r) =>
    sanitizeForTerminal(r, 400),
  );
  for (const row of view.controllers) {
    const id = sanitizeForTerminal(row.id, 80);
    for (const flag of row.flags) lines.push(`${id} ${flag.code}: ${sanitizeForTerminal(flag.message, 400)}`);
    if (row.flags.length === 0 && row.error !== null) lines.push(`${id}: ${sanitizeForTerminal(row.error, 400)}`);
  }
  return lines;
}
