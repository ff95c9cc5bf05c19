// The loop watch and serve share: a view every interval, measured from each tick's start (a slow
// tick shortens the wait, never shifts the schedule), until the stop signal settles. A stop ends
// the loop at once, also in the middle of a tick (a reader gone from the pipe must not wait for the
// tick's polls); that tick's work is left unfinished, so a tick checks `stopped` before it shows anything.
import type { WatchSettings } from '../watch/engine.js';
import { untilNextTick } from '../watch/next-tick.js';
import type { LoopTiming, RunPlan } from './plan.js';

export async function everyInterval(
  stop: Promise<unknown>,
  intervalMs: number,
  tick: () => Promise<void>,
): Promise<void> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  while (!stopped) {
    const tickStarted = performance.now();
    await Promise.race([tick(), stop]);
    await untilNextTick(stop, tickStarted + intervalMs - performance.now());
  }
}

/** What the engine of one cluster needs from the plan. */
export function watchSettings(
  plan: Pick<RunPlan, 'discover' | 'timeoutMs' | 'policy'> & { loop: LoopTiming },
  origins: string[],
): WatchSettings {
  return { origins, discover: plan.discover, baseTimeoutMs: plan.timeoutMs, policy: plan.policy, ...plan.loop };
}
