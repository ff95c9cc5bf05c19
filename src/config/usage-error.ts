// A mistake in what the user asked for (flags, env, files): exit 64 with one clear line, never a trace.
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
