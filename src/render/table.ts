// The terminal format: a borderless table, the one-line cluster summary, then the reasons. Watch
// mode adds when each controller last answered and marks the cells that changed since the last frame.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { ClusterView, ControllerStatus, Verdict } from '../model.js';
import type { RenderContext } from './render-context.js';
import { COLUMNS, WIDE_COLUMNS, displayRows, reasonLines, summaryLine, wideCells } from './rows.js';
import { formatTime } from './time.js';

// Borderless, kubectl-style columns: dense, readable without colour, easy to copy from.
const BORDERLESS = Object.fromEntries(
  ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right', 'left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid', 'middle'].map((k) => [k, '']),
);

export interface WatchFrame {
  /** The cells of the previous frame by controller id; a cell that differs is marked. */
  previous: Map<string, string[]>;
}

export function renderTable(view: ClusterView, ctx: RenderContext, frame?: WatchFrame, wide = false): string {
  const chalk = new Chalk({ level: ctx.colorLevel });
  const head = [...COLUMNS, ...(wide ? WIDE_COLUMNS : []), ...(frame ? ['LAST ANSWER'] : [])];
  // cli-table3 colours headers red unless told otherwise; colour is ours to decide.
  const table = new Table({ head: ctx.noHeaders ? [] : head.map((h) => chalk.bold(h)), style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 }, chars: BORDERLESS });
  const statusColor: Record<ControllerStatus, (s: string) => string> = { online: chalk.green, offline: chalk.red, unknown: chalk.yellow };
  const maxText = Math.max(12, Math.floor((ctx.columns ?? 120) / 6));
  // Without colour a changed cell gets a trailing '*', with colour it is shown inverted.
  const mark = (text: string, changed: boolean) => (!changed ? text : ctx.colorLevel > 0 ? chalk.inverse(text) : `${text}*`);
  for (const { row, cells } of displayRows(view, ctx, maxText)) {
    const [id, name, status, leader, reachable, joined, views, flags] = cells as [string, string, string, string, string, string, string, string];
    const before = frame?.previous.get(row.id);
    const changed = (i: number) => before !== undefined && before[i] !== cells[i];
    const styled = [
      id,
      name,
      statusColor[row.status](status),
      leader === '' ? '' : chalk.bold(leader),
      row.reachable ? reachable : chalk.red(reachable),
      joined,
      views,
      row.flags.length === 0 ? chalk.dim(flags) : chalk.yellow(flags),
    ].map((text, i) => (i === 4 || i === 5 ? text : mark(text, changed(i)))); // latency and relative times move every tick
    if (wide) styled.push(...wideCells(row, maxText));
    if (frame) styled.push(formatTime(row.lastAnsweredAt, ctx.now, true));
    table.push(styled);
  }
  const verdictColor: Record<Verdict, (s: string) => string> = {
    healthy: chalk.green,
    degraded: chalk.yellow,
    critical: chalk.red,
    unknown: chalk.magenta,
  };
  const summary = summaryLine(view).replace(`verdict: ${view.cluster.verdict}`, `verdict: ${verdictColor[view.cluster.verdict](view.cluster.verdict.toUpperCase())}`);
  const reasons = reasonLines(view).map((line) => `  - ${line}`);
  const body = table.toString().split('\n').map((line) => line.trimEnd());
  return [...body, '', summary, ...reasons, ''].join('\n');
}
