// Every command's implementation behind one seam. cli.ts parses arguments and prints help without
// loading any of this; the bundled CLI keeps it in a file of its own, loaded with V8's code cache
// (bin/load-bundle.cjs), and tests load it from source. Each command's modules are imported only
// when that command runs, so `list controllers` does not evaluate serve's, the schema's or the
// simulator's.
import { z } from 'zod';
import type * as ConfigShow from './config-show.js';
import type * as ListControllers from './list-controllers.js';
import type * as Schema from './schema.js';
import type * as ServeCommand from './serve-command.js';
import type * as Simulate from './simulate.js';

// zod compiles a fast path for each object schema on its first parse (new Function, which no code
// cache keeps): a one-shot run parses each schema a handful of times and pays ~3 ms for nothing;
// at 100 controllers the two ways measure the same. Set before any command builds its schemas.
z.config({ jitless: true });

type Args<F extends (...args: never[]) => unknown> = Parameters<F>;

export const runListControllers = async (...args: Args<typeof ListControllers.runListControllers>) =>
  (await import('./list-controllers.js')).runListControllers(...args);
export const runConfigShow = async (...args: Args<typeof ConfigShow.runConfigShow>) =>
  (await import('./config-show.js')).runConfigShow(...args);
export const runSchema = async (...args: Args<typeof Schema.runSchema>) =>
  (await import('./schema.js')).runSchema(...args);
export const runServeCommand = async (...args: Args<typeof ServeCommand.runServeCommand>) =>
  (await import('./serve-command.js')).runServeCommand(...args);
export const runSimulate = async (...args: Args<typeof Simulate.runSimulate>) =>
  (await import('./simulate.js')).runSimulate(...args);

export type Commands = typeof import('./index.js');
/** How main() gets the commands once it knows which one to run. */
export type LoadCommands = () => Promise<Commands>;
