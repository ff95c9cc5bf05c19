// Where watch mode's views go: a redrawn screen on a terminal, JSON lines when piped, or only the
// change events (--events).
import type { ClusterView } from '../model.js';
import type { OutStream } from '../io.js';
import { displayRows } from '../render/rows.js';
import type { RenderContext } from '../render/render-context.js';
import { escapeJsonText } from '../render/sanitize.js';
import { renderTable } from '../render/table.js';
import type { AuditEvent } from './audit-events.js';

export interface ViewSink {
  show(view: ClusterView, events: readonly AuditEvent[]): void;
  /** Leaves the terminal as it was; idempotent. */
  close(): void;
}

const ALT_SCREEN_ON = '\u001b[?1049h\u001b[?25l';
const ALT_SCREEN_OFF = '\u001b[?25h\u001b[?1049l';
const HOME_AND_CLEAR = '\u001b[H\u001b[2J';

export function screenSink(out: OutStream, ctx: () => RenderContext, intervalMs: number): ViewSink {
  let previous = new Map<string, string[]>();
  let open = true;
  out.write(ALT_SCREEN_ON);
  return {
    show(view) {
      const context = ctx();
      const header = `ziti-status: watching every ${intervalMs / 1000}s, ${context.now.toISOString()}  (Ctrl-C to stop)\n\n`;
      out.write(HOME_AND_CLEAR + header + renderTable(view, context, { previous }));
      previous = new Map(displayRows(view, context, 1000).map(({ row, cells }) => [row.id, cells]));
    },
    close() {
      if (open) out.write(ALT_SCREEN_OFF);
      open = false;
    },
  };
}

export function ndjsonSink(out: OutStream): ViewSink {
  return { show: (view) => out.write(`${escapeJsonText(JSON.stringify(view))}\n`), close: () => {} };
}

export function eventsSink(out: OutStream): ViewSink {
  return {
    show: (_view, events) => {
      for (const event of events) out.write(`${escapeJsonText(JSON.stringify(event))}\n`);
    },
    close: () => {},
  };
}
