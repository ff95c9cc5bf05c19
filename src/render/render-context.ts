// What every renderer needs besides the view: colour, the clock and the terminal facts, decided once.
import type { ChalkInstance } from 'chalk';

export interface RenderContext {
  chalk: ChalkInstance;
  now: Date;
  /** True on a terminal: relative times, colour and table layout make sense there. */
  tty: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

export const OUTPUT_FORMATS = ['table', 'plain', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
