// The process boundary: real streams, signals and process.exit live here and nowhere else in src.
import { spawn } from 'node:child_process';
import { fstatSync } from 'node:fs';
import { homedir } from 'node:os';
import { main } from './cli.js';
import type { LoadCommands } from './commands/index.js';
import type { Io } from './io.js';
import { promptHidden, readAll } from './prompt.js';

// For the build step that warms V8's code cache by running commands in-process (scripts/warm-code-cache.mjs).
export { main };

export async function runProcess(loadCommands: LoadCommands): Promise<void> {
  // A closed stdout pipe (e.g. `| head`) ends the run quietly; the verdict's code still applies.
  let pipeClosed: () => void = () => {};
  const stdoutGone = new Promise<'SIGPIPE'>((resolve) => (pipeClosed = () => resolve('SIGPIPE')));
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // ECONNRESET: the read that noticeReaderGone starts, on a socket whose reader went away.
    if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') throw err;
    pipeClosed();
  });
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    homeDir: homedir(),
    platform: process.platform,
    now: () => new Date(),
    startedAt: 0,
    exitsWhenDone: true,
    readStdin: () => readAll(process.stdin),
    // A getter: touching process.stdin builds its stream (~2 ms), and only a password prompt needs it.
    get promptHidden() {
      return process.stdin.isTTY ? (question: string) => promptHidden(question) : undefined;
    },
    untilReaderGone: () => {
      noticeReaderGone(pipeClosed);
      return stdoutGone;
    },
    untilInterrupted: () =>
      Promise.race([
        stdoutGone,
        new Promise<NodeJS.Signals>((resolve) => {
          process.once('SIGINT', () => resolve('SIGINT'));
          process.once('SIGTERM', () => resolve('SIGTERM'));
        }),
      ]),
  };
  const code = await main(process.argv.slice(2), io, loadCommands);
  // Exit as soon as the output is out, instead of waiting for closed sockets and spent timers to
  // wind down (a few milliseconds of every run). Each callback fires once every earlier write to
  // that stream has been handed to the OS, so nothing written is lost, even to an asynchronous pipe.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/**
 * Watch mode may write nothing for long stretches (`--events` on a quiet cluster), so a reader that
 * went away (`| head -1`) would go unnoticed until the next write. Where stdout is a socket (what a
 * parent process's pipe is), reading it notices at once: its end arrives. Where it is a shell's pipe
 * (a FIFO), whose write end cannot be read, GNU `tail -f` keeps the watch (see followPipeReader).
 * Anything else, or either way failing, leaves it to the next write's EPIPE.
 */
function noticeReaderGone(gone: () => void): void {
  if (process.stdout.isTTY) return;
  let kind: 'socket' | 'fifo' | 'other';
  try {
    const stat = fstatSync(1);
    kind = stat.isSocket() ? 'socket' : stat.isFIFO() ? 'fifo' : 'other';
  } catch {
    return;
  }
  if (kind === 'socket') readSocketEnd(gone);
  if (kind === 'fifo') followPipeReader(gone);
}

/** Node opens stdout for writing only, so this reaches into its handle, and does nothing where the handle is not as expected. */
function readSocketEnd(gone: () => void): void {
  const stdout = process.stdout as unknown as {
    _handle?: { readStart?: () => number; onread?: (...args: unknown[]) => unknown };
    _readableState?: { ended?: boolean };
  };
  const handle = stdout._handle;
  const onread = handle?.onread;
  if (typeof handle?.readStart !== 'function' || typeof onread !== 'function') return;
  // Whatever a reader sends is not ours to read; only the end of the socket matters. An end before
  // anything was written is a collector that only shut its own sending side (journald does, at once):
  // it still reads, so it is let pass (it comes only once), and a later EPIPE still tells.
  handle.onread = function (this: unknown, ...args: unknown[]) {
    const result = onread.apply(this, args);
    if (stdout._readableState?.ended === true && process.stdout.bytesWritten > 0) gone();
    return result;
  };
  handle.readStart();
}

/**
 * A pipe's write end tells that its reader left only to poll(2), which Node does not offer. GNU
 * `tail -f` (coreutils 8.28 and later) polls its own stdout exactly so and dies of SIGPIPE when the
 * reader goes: it is given our stdout and nothing else, and its SIGPIPE is the news. `--pid` ends it
 * within 0.2 s of our process however that ends (even SIGKILL), so it never holds the pipe open
 * behind us; a normal exit kills it at once. No `tail`, or another one: the next write tells.
 */
function followPipeReader(gone: () => void): void {
  const args = ['-f', '-s', '0.2', `--pid=${process.pid}`, '/dev/null'];
  const tail = spawn('tail', args, { stdio: ['ignore', 1, 'ignore'] });
  tail.on('error', () => {});
  tail.on('exit', (_code, signal) => {
    if (signal === 'SIGPIPE') gone();
  });
  tail.unref();
  process.once('exit', () => tail.kill('SIGKILL'));
}
