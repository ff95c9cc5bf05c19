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
  /** Where ./ziti-status.yaml is looked for. */
  cwd: string;
  /** Home directory for ~/.config lookups; tests point it at an empty temp dir. */
  homeDir: string;
  platform: NodeJS.Platform;
  now: () => Date;
  /** performance.now() when the run began (0 for a real process: its start); deadlines count from it. */
  startedAt: number;
  /** Everything on standard input (for --password-stdin). */
  readStdin: () => Promise<string>;
  /** Asks without echo; absent when stdin is not a terminal, so nothing can wait on a prompt in CI. */
  promptHidden?: (question: string) => Promise<string>;
  /**
   * True when the process exits as soon as main() returns (entry.ts): a one-shot run then leaves
   * its sockets to the exit rather than destroying them one by one (~10 ms at 100 controllers).
   */
  exitsWhenDone?: boolean;
  /** Resolves when a long-running command must stop: SIGINT, SIGTERM, or its stdout pipe closed. */
  untilInterrupted: () => Promise<NodeJS.Signals | 'SIGPIPE'>;
  /**
   * Watch only: settles when the reader of stdout goes away even while nothing is written (a socket's
   * end). Not for serve, which writes nothing to stdout: it would stop on a collector's half-close.
   */
  untilReaderGone?: () => Promise<'SIGPIPE'>;
}

/**
 * The one way a warning is written: one `ziti-status: warning: ...` line on stderr, since stdout
 * carries data only (docs/design.md section 4).
 */
export function warnOn(stderr: OutStream): (message: string) => void {
  return (message) => void stderr.write(`ziti-status: warning: ${message}\n`);
}
