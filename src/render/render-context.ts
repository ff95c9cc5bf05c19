// What every renderer needs besides the view: colour, the clock and the terminal facts, decided once.
import type { ColorLevel } from './color.js';

export interface RenderContext {
  /** Decided once from --color and the environment; only the table formats use colour. */
  colorLevel: ColorLevel;
  /**
   * The clock for relative times. pickPrinter's printers set it to each view's generatedAt; only direct renderer calls
   * use the caller's.
   */
  now: Date;
  /** True on a terminal: relative times, colour and table layout make sense there. */
  tty: boolean;
  /** Terminal width, when known (a watch frame rereads the stream's, so a resize is followed). */
  columns?: number;
  /** --no-headers: rows only (table, wide, plain, csv, --ziti-compat). */
  noHeaders?: boolean;
  /** Watch mode's interval, named in the live screen's and each piped table's header line. */
  intervalMs?: number;
}

// ndjson last: the config file's "is not one of" message lists them in this order.
export const OUTPUT_FORMATS = ['table', 'wide', 'plain', 'csv', 'json', 'yaml', 'prometheus', 'ndjson'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
