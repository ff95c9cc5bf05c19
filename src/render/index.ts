// Picks the renderer once per run; the table's libraries (cli-table3, chalk) load only for a table.
import type { ClusterView } from '../model.js';
import { renderJson } from './json.js';
import { renderCsv } from './csv.js';
import { renderPlain } from './plain.js';
import { renderPrometheus } from './prometheus.js';
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
      return renderCsv(view, ctx);
    case 'prometheus':
      return renderPrometheus([{ view, labels: {} }]);
    case 'yaml':
      // Loaded only for -o yaml: most runs never need a YAML writer.
      return (await import('yaml')).stringify(view);
  }
}
