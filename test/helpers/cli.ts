// Runs the CLI in-process with fake streams, a fixed environment and a chosen TTY-ness.
import { main } from '../../src/cli.js';
import type { Io, OutStream } from '../../src/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

export interface CliOptions {
  env?: Record<string, string>;
  tty?: boolean;
  now?: Date;
  untilInterrupted?: () => Promise<NodeJS.Signals>;
}

function capture(tty: boolean): OutStream & { text: () => string } {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), isTTY: tty, columns: 120, text: () => chunks.join('') };
}

export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = capture(options.tty ?? false);
  const stderr = capture(options.tty ?? false);
  const started = performance.now();
  const io: Io = {
    stdout,
    stderr,
    env: options.env ?? {},
    now: () => options.now ?? new Date(),
    startedAt: started,
    untilInterrupted: options.untilInterrupted ?? (() => new Promise<NodeJS.Signals>(() => {})),
  };
  const code = await main(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text(), elapsedMs: performance.now() - started };
}

/** `list controllers --json` against the given URLs; returns the parsed view and the run facts. */
export async function listJson(urls: string[], extra: string[] = []) {
  const result = await runCli(['list', 'controllers', '--json', ...urls.flatMap((u) => ['--controller', u]), ...extra]);
  if (result.stdout === '') throw new Error(`no JSON on stdout (exit ${result.code}): ${result.stderr}`);
  return { ...result, view: JSON.parse(result.stdout) as import('../../src/model.js').ClusterView };
}
