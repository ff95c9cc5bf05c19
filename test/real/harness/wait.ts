// A real cluster sends no events a test could await: its state is polled until it holds, within
// a bound, and the failure names what was awaited.
export async function waitUntil(
  what: string,
  timeoutMs: number,
  holds: () => Promise<boolean> | boolean,
  everyMs = 200,
): Promise<void> {
  const endsAt = Date.now() + timeoutMs;
  for (;;) {
    if (await holds()) return;
    if (Date.now() > endsAt) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Polls `read` until `accept` takes its value; returns that value. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  everyMs = 200,
): Promise<T> {
  let last: T | undefined;
  await waitUntil(
    what,
    timeoutMs,
    async () => {
      last = await read();
      return accept(last);
    },
    everyMs,
  );
  return last as T;
}
