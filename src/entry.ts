// The process boundary: real streams, signals and process.exit live here and nowhere else in src.
import { main } from './cli.js';
import type { Io } from './io.js';

export async function runProcess(): Promise<void> {
  // A closed stdout pipe (e.g. `| head`) ends the run quietly; the verdict's code still applies.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
    startedAt: 0,
    untilInterrupted: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      }),
  };
  process.exitCode = await main(process.argv.slice(2), io);
}
