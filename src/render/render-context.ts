// What every renderer needs besides the view: colour, the clock and the terminal facts, decided once.
import type { ColorLevel } from './color.js';

export interface RenderContext {
  /** Decided once from --color and the environment; only the table format uses colour. */
  colorLevel: ColorLevel;
  now: Date;
  /** True on a terminal: relative times, colour and table layout make sense there. */
  tty: boolean;
  /** Terminal width, when known. */
  columns?: number;
  /** --no-headers: rows only (table, plain, csv). */
  noHeaders?: boolean;
}

export const OUTPUT_FORMATS = ['table', 'wide', 'plain', 'csv', 'json', 'yaml', 'prometheus'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
