// Waiting for the next tick of a loop that a stop signal can end at any moment.

/** The timer keeps the process alive between ticks, so it stays referenced; a stop clears it. */
export async function untilNextTick(stop: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const next = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
  await Promise.race([stop, next]);
  clearTimeout(timer);
}
