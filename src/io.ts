// The outside world as main() sees it: injected so tests run the CLI in-process with fake streams,
// a fixed clock and a fixed width. Only bin/ touches process.*.
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  /** performance.now() when the run began (0 for a real process: its start); deadlines count from it. */
  startedAt: number;
  /** Resolves when the user interrupts a long-running command (SIGINT/SIGTERM). */
  untilInterrupted: () => Promise<NodeJS.Signals>;
}
