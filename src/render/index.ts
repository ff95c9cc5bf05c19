// Picks the renderer once per run; each renderer but JSON and plain loads only when asked for (the
// table's cli-table3 and chalk, the Prometheus metric definitions, the YAML writer).
import type { ClusterView } from '../model.js';
import { renderJson } from './json.js';
import { renderPlain } from './plain.js';
import type { OutputFormat, RenderContext } from './render-context.js';

export async function render(view: ClusterView, format: OutputFormat, ctx: RenderContext): Promise<string> {
  switch (format) {
    case 'json':
      return renderJson(view);
    case 'plain':
      return renderPlain(view, ctx);
    case 'table':
      return (await import('./table.js')).renderTable(view, ctx);
    case 'wide':
      return (await import('./table.js')).renderTable(view, ctx, undefined, true);
    case 'csv':
      return (await import('./csv.js')).renderCsv(view, ctx);
    case 'prometheus':
      return (await import('./prometheus.js')).renderPrometheus([{ view, labels: {} }]);
    case 'yaml':
      return (await import('yaml')).stringify(view);
  }
}
