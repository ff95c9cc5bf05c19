// The JSON contract (schemaVersion 1): the view as it is, ids as strings, ISO times, every controller.
import { escapeJsonText } from './sanitize.js';

/** -o json: one indented document. */
export function renderJson(view: object): string {
  return `${escapeJsonText(JSON.stringify(view, null, 2))}\n`;
}

/** -o ndjson, watch's JSON and --events: one value on one line, so a reader can split on newlines. */
export function renderJsonLine(value: object): string {
  return `${escapeJsonText(JSON.stringify(value))}\n`;
}
