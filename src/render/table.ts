// The terminal format: a borderless table, the one-line cluster summary, then the reasons. A watch
// frame passes the previous frame's rows, and the cells that changed since are marked.
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { ClusterView, Verdict } from '../model.js';
import type { RenderContext } from './render-context.js';
import {
  COLUMNS,
  LAST_ANSWER,
  WIDE_COLUMNS,
  buildRows,
  reasonLines,
  summaryLine,
  type Column,
  type Row,
  type Tone,
} from './rows.js';

// Borderless, kubectl-style columns: dense, readable without colour, easy to copy from.
const BORDERLESS = Object.fromEntries(
  [
    'top',
    'top-mid',
    'top-left',
    'top-right',
    'bottom',
    'bottom-mid',
    'bottom-left',
    'bottom-right',
    'left',
    'left-mid',
    'mid',
    'mid-mid',
    'right',
    'right-mid',
    'middle',
  ].map((k) => [k, '']),
);

export interface TableLayout {
  wide: boolean;
  /** Watch frames: adds LAST ANSWER. */
  frame: boolean;
}

export function tableColumns({ wide, frame }: TableLayout): Column[] {
  return [...COLUMNS, ...(wide ? WIDE_COLUMNS : []), ...(frame ? [LAST_ANSWER] : [])];
}

/** How long controller text may be on this terminal: a sixth of its width, at least 12. */
export function maxTextFor(ctx: RenderContext): number {
  return Math.max(12, Math.floor((ctx.columns ?? 120) / 6));
}

/**
 * The table's rows for this view and layout, built once: the frame prints them and the next frame compares against
 * them.
 */
export function tableRows(view: ClusterView, layout: TableLayout, ctx: RenderContext): Row[] {
  return buildRows(view.controllers, tableColumns(layout), ctx, maxTextFor(ctx));
}

/**
 * `rows` from tableRows with the same layout and ctx; `previous` (watch frames) the rows of the
 * frame before, by key: a cell that differs in a column that is not restless is marked.
 */
export function renderTable(
  view: ClusterView,
  ctx: RenderContext,
  layout: TableLayout = { wide: false, frame: false },
  rows = tableRows(view, layout, ctx),
  previous?: ReadonlyMap<string, Row>,
): string {
  const chalk = new Chalk({ level: ctx.colorLevel });
  const columns = tableColumns(layout);
  // cli-table3 colours headers red unless told otherwise; colour is ours to decide.
  const table = new Table({
    head: ctx.noHeaders ? [] : columns.map((c) => chalk.bold(c.header)),
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
    chars: BORDERLESS,
  });
  const paint = toneColors(chalk);
  // Without colour a changed cell gets a trailing '*', with colour it is shown inverted.
  const mark = (text: string) => (ctx.colorLevel > 0 ? chalk.inverse(text) : `${text}*`);
  for (const row of rows) {
    const before = previous?.get(row.key);
    table.push(
      columns.map((column, i) => {
        const text = row.cells[i]!;
        const tone = column.tone?.(row.source) ?? null;
        const styled = tone === null ? text : paint[tone](text);
        const changed = before !== undefined && column.restless !== true && before.cells[i] !== text;
        return changed ? mark(styled) : styled;
      }),
    );
  }
  const verdictColor: Record<Verdict, (s: string) => string> = {
    healthy: chalk.green,
    degraded: chalk.yellow,
    critical: chalk.red,
    unknown: chalk.magenta,
  };
  const summary = summaryLine(view).replace(
    `verdict: ${view.cluster.verdict}`,
    `verdict: ${verdictColor[view.cluster.verdict](view.cluster.verdict.toUpperCase())}`,
  );
  const reasons = reasonLines(view).map((line) => `  - ${line}`);
  const body = table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
  return [...body, '', summary, ...reasons, ''].join('\n');
}

function toneColors(chalk: ChalkInstance): Record<Tone, (s: string) => string> {
  return { good: chalk.green, bad: chalk.red, warn: chalk.yellow, strong: chalk.bold, dim: chalk.dim };
}
