// `ziti-status serve` from the command line: the same settings and plan as list, so the checks and
// warnings (--insecure's among them) are list's own, then the serve loop.
import { warnOn, type Io } from '../io.js';
import type { ServeFlags } from '../run/flags.js';
import { loadRunSettings } from '../run/load.js';
import { planRun } from '../run/plan.js';
import { runServe } from './serve.js';

export async function runServeCommand(targets: string[], flags: ServeFlags, io: Io): Promise<number> {
  const runFlags = { command: 'serve' as const, targets, ...flags };
  const plan = planRun(await loadRunSettings(runFlags, io), runFlags);
  plan.warnings.forEach(warnOn(io.stderr));
  return runServe(plan, io);
}
