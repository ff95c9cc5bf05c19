// Picks the renderer once per run.
import type { ClusterView } from '../model.js';
import { renderJson } from './json.js';
import { renderPlain } from './plain.js';
import type { OutputFormat, RenderContext } from './render-context.js';
import { renderTable } from './table.js';

export function render(view: ClusterView, format: OutputFormat, ctx: RenderContext): string {
  switch (format) {
    case 'json':
      return renderJson(view);
    case 'plain':
      return renderPlain(view, ctx);
    case 'table':
      return renderTable(view, ctx);
  }
}
