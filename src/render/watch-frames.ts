// Watch mode's tables, as printer.ts picks them: the live screen on a terminal (the alternate
// screen, redrawn each tick) and, piped, one table per tick after a header line. Both mark the
// cells that changed since the frame before, comparing the rows that frame printed (built once,
// with the same width), so a cell only a truncation changed is never marked.
import type { OutStream } from '../io.js';
import type { ClusterView } from '../model.js';
import type { RenderContext } from './render-context.js';
import { sanitizeForTerminal } from './sanitize.js';
import { maxTextFor, renderTable, tableRows, type TableLayout } from './table.js';
import type { Row } from './rows.js';
import { formatTime } from './time.js';

const ALT_SCREEN_ON = '\u001b[?1049h\u001b[?25l';
const ALT_SCREEN_OFF = '\u001b[?25h\u001b[?1049l';
const HOME_AND_CLEAR = '\u001b[H\u001b[2J';

/** A Printer (printer.ts, which loads this module lazily; naming its type here would make an import circle). */
export interface FramePrinter {
  show(view: ClusterView): void;
  close(): void;
}

interface Frame {
  view: ClusterView;
  width: number;
  rows: Row[];
}

/** Renders frame after frame; each returns the table with the changes since the last one marked. */
function frames(out: OutStream, base: RenderContext, wide: boolean) {
  const layout: TableLayout = { wide, frame: true };
  let last: Frame | null = null;
  return (view: ClusterView) => {
    // A frame's clock is its view's; the width is reread so a resized terminal is followed.
    const ctx = { ...base, now: new Date(view.generatedAt), columns: out.columns ?? base.columns };
    const width = maxTextFor(ctx);
    const rows = tableRows(view, layout, ctx);
    // After a resize the last frame's rows are rebuilt at the new width, so the width alone marks nothing.
    const before = last === null ? undefined : last.width === width ? last.rows : tableRows(last.view, layout, ctx);
    last = { view, width, rows };
    return renderTable(
      view,
      ctx,
      layout,
      rows,
      before === undefined ? undefined : new Map(before.map((r) => [r.key, r])),
    );
  };
}

function headerLine(ctx: RenderContext, view: ClusterView, hint: string): string {
  const every = ctx.intervalMs === undefined ? '' : ` every ${ctx.intervalMs / 1000}s`;
  return `ziti-status: watching${every}, ${view.generatedAt}${hint}\n${electionsLine(ctx, view)}\n`;
}

/** Once this watch has seen a leader change, a line under the header: what --max-elections counts. */
function electionsLine(ctx: RenderContext, view: ClusterView): string {
  const e = view.cluster.elections;
  if (e === null || e.last === null) return '';
  const within = `${e.changes} within ${e.windowMs / 60_000}m (leader-flap above ${e.max})`;
  // Ids come from the controllers: neutralised before they reach the terminal.
  const last =
    `last ${sanitizeForTerminal(e.last.from, 64)} -> ${sanitizeForTerminal(e.last.to, 64)} ` +
    formatTime(e.last.at, new Date(view.generatedAt), ctx.tty);
  return `leader changes: ${within}; ${last}\n`;
}

/** The live screen; close() leaves the alternate screen (only if it was entered) and is idempotent. */
export function liveScreen(out: OutStream, ctx: RenderContext, wide: boolean): FramePrinter {
  const frame = frames(out, ctx, wide);
  let state: 'unopened' | 'open' | 'closed' = 'unopened';
  return {
    show(view) {
      if (state === 'closed') return;
      const text = HOME_AND_CLEAR + headerLine(ctx, view, '  (Ctrl-C to stop)') + frame(view);
      out.write(state === 'unopened' ? ALT_SCREEN_ON + text : text);
      state = 'open';
    },
    close() {
      if (state === 'open') out.write(ALT_SCREEN_OFF);
      state = 'closed';
    },
  };
}

/** Piped tables: the same frames with no screen control, one after another, a blank line between. */
export function tablePerTick(out: OutStream, ctx: RenderContext, wide: boolean): FramePrinter {
  const frame = frames(out, ctx, wide);
  let first = true;
  return {
    show(view) {
      out.write((first ? '' : '\n') + headerLine(ctx, view, '') + frame(view));
      first = false;
    },
    close() {},
  };
}
