// The process boundary: real streams, signals and process.exit live here and nowhere else in src.
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
    if (err.code !== 'EPIPE') throw err;
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
