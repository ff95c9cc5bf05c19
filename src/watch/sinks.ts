// Thin: watch mode's printers live in render/ (printer.ts decides, watch-frames.ts draws). These
// wrappers keep commands/watch.ts's calls working until it asks render's pickPrinter instead;
// then this file goes.
import type { OutStream } from '../io.js';
import { eventsPrinter, jsonLinesPrinter, type Printer } from '../render/printer.js';
import type { RenderContext } from '../render/render-context.js';
import { liveScreen } from '../render/watch-frames.js';

/** Every method runs synchronously here: commands/watch.ts does not await show(). */
export type ViewSink = Printer;

export function screenSink(out: OutStream, ctx: () => RenderContext, intervalMs: number): ViewSink {
  return liveScreen(out, { ...ctx(), intervalMs }, false);
}

export const ndjsonSink: (out: OutStream) => ViewSink = jsonLinesPrinter;
export const eventsSink: (out: OutStream) => ViewSink = eventsPrinter;
