// The JSON contract (schemaVersion 1): the view as it is, ids as strings, ISO times, every controller.
import type { ClusterView } from '../model.js';
import { escapeJsonText } from './sanitize.js';

export function renderJson(view: ClusterView): string {
  return `${escapeJsonText(JSON.stringify(view, null, 2))}\n`;
}
