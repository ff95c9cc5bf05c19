// The piped format: tab-separated rows for cut/awk, RFC3339 times, then `#` lines with the summary.
import type { ClusterView } from '../model.js';
import type { RenderContext } from './render-context.js';
import { COLUMNS, buildRows, reasonLines, summaryLine } from './rows.js';

export function renderPlain(view: ClusterView, ctx: RenderContext): string {
  const lines = ctx.noHeaders ? [] : [COLUMNS.map((c) => c.header).join('\t')];
  for (const { cells } of buildRows(view.controllers, COLUMNS, ctx, 256)) lines.push(cells.join('\t'));
  lines.push(`# ${summaryLine(view)}`);
  for (const reason of reasonLines(view)) lines.push(`# ${reason}`);
  return `${lines.join('\n')}\n`;
}
