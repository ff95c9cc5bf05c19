// Errors that end a run with a chosen exit code. Each carries a stable `code`: the bundled CLI holds
// two copies of these classes (the argument bundle and the commands bundle), so `instanceof` cannot
// tell them apart across that seam, and neither should a class name. cli.ts maps codes to exits.

export type RunErrorCode = 'usage' | 'interrupted' | 'terminated';

export abstract class RunError extends Error {
  abstract readonly code: RunErrorCode;
}

/** A mistake in what the user asked for (flags, env, files): exit 64 with one clear line, never a trace. */
export class UsageError extends RunError {
  readonly code = 'usage';
  override name = 'UsageError';
}

/** Ctrl-C (SIGINT), at a prompt of ours or during a watch: exit 130. */
export class Interrupted extends RunError {
  readonly code = 'interrupted';
  override name = 'Interrupted';
}

/** SIGTERM ended a watch: exit 143. */
export class Terminated extends RunError {
  readonly code = 'terminated';
  override name = 'Terminated';
}

/** The code of an error thrown by either bundle's copy of these classes, or null for any other error. */
export function runErrorCode(err: unknown): RunErrorCode | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return code === 'usage' || code === 'interrupted' || code === 'terminated' ? code : null;
}
