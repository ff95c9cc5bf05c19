// Where a run's views go: render's printer for the plan's request, with the render context built
// once per run (the colour decision included), and picked before anything connects, so a request
// that cannot be honoured is refused before a password is asked for or a controller polled.
import type { Io } from '../io.js';
import { decideColorLevel, type ColorMode } from '../render/color.js';
import { pickPrinter, type Printer, type PrintRequest } from '../render/printer.js';
import type { RunPlan } from './plan.js';

export function printerFor(
  plan: Pick<RunPlan, 'loop'> & { output: PrintRequest },
  colorMode: ColorMode,
  io: Io,
): Printer {
  const tty = io.stdout.isTTY === true;
  return pickPrinter(plan.output, io.stdout, {
    colorLevel: decideColorLevel(colorMode, io.env, tty),
    // Each view is shown as of its own generatedAt; this is the clock for anything else.
    now: io.now(),
    tty,
    columns: io.stdout.columns,
    noHeaders: plan.output.noHeaders,
    ...(plan.loop === null ? {} : { intervalMs: plan.loop.intervalMs }),
  });
}
