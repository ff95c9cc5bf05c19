// `--watch --events | head -1`: the built binary ends at once when the reader of its stdout goes
// away, also when it has nothing more to write (a quiet cluster gives no further events).
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyDir } from '../helpers/cli.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster({ electionTimeoutMs: null });
const BIN = fileURLToPath(new URL('../../bin/ziti-status.cjs', import.meta.url));

type Exit = { code: number | null; exitedAfterMs: number; stderr: string };

/**
 * A shell's `a | b` gives `a` a FIFO for stdout, not the socket pair that spawn's 'pipe' makes. A
 * named FIFO is the same kind of file: its read end is opened first (non-blocking, else the open
 * waits for a writer), then its write end goes to the child as its stdout.
 */
function fifoStdout(): { reader: Socket; writerFd: number } {
  const path = join(emptyDir(), 'stdout.fifo');
  execFileSync('mkfifo', [path]);
  const readerFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writerFd = openSync(path, constants.O_WRONLY);
  return { reader: new Socket({ fd: readerFd, readable: true, writable: false }), writerFd };
}

/** Spawns the binary, closes the reading end of its stdout after the first line; resolves how long it took to exit after. */
function untilFirstLineThenClose(args: string[], stdoutKind: 'socket' | 'fifo' = 'socket'): Promise<Exit> {
  return new Promise((resolve) => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: emptyDir(),
      XDG_CONFIG_HOME: emptyDir(),
      XDG_CACHE_HOME: emptyDir(),
    };
    const fifo = stdoutKind === 'fifo' ? fifoStdout() : undefined;
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      cwd: emptyDir(),
      stdio: ['ignore', fifo?.writerFd ?? 'pipe', 'pipe'],
    });
    if (fifo) closeSync(fifo.writerFd); // the child holds the only write end
    const reader = fifo?.reader ?? child.stdout;
    if (!reader || !child.stderr) throw new Error('no stdio pipes');
    let closedAt = 0;
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    reader.on('data', (d: Buffer) => {
      stdout += d;
      if (closedAt === 0 && stdout.includes('\n')) {
        closedAt = performance.now();
        reader.destroy(); // like `| head -1`
      }
    });
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(watchdog);
      resolve({ code, exitedAfterMs: performance.now() - closedAt, stderr });
    });
  });
}

describe('watch piped to a reader that goes away', () => {
  it.each([
    ['--events', ['--events'], 'socket'],
    ['a view per line', [], 'socket'],
    ['--events on a shell pipe (FIFO)', ['--events'], 'fifo'],
    ['a view per line on a shell pipe (FIFO)', [], 'fifo'],
  ] as const)('%s: exits within a second of the reader going away, quietly', async (_name, extra, kind) => {
    const c = await start({ nodes: 3 });
    const { code, exitedAfterMs, stderr } = await untilFirstLineThenClose(
      ['list', 'controllers', '--watch', '5s', ...extra, '-c', c.url('ctrl1')],
      kind,
    );
    expect(exitedAfterMs).toBeLessThan(1000);
    expect(code).toBe(0); // the last view's verdict: healthy
    expect(stderr).toBe('');
  });
});

describe('watch on a shell pipe, ended by a signal', () => {
  it('leaves nothing holding the pipe: its reader sees the end of the output', async () => {
    const c = await start({ nodes: 3 });
    const { reader, writerFd } = fifoStdout();
    const child = spawn(
      process.execPath,
      [BIN, 'list', 'controllers', '--watch', '5s', '--events', '-c', c.url('ctrl1')],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: emptyDir(),
          XDG_CONFIG_HOME: emptyDir(),
          XDG_CACHE_HOME: emptyDir(),
        },
        cwd: emptyDir(),
        stdio: ['ignore', writerFd, 'ignore'],
      },
    );
    closeSync(writerFd);
    let stdout = '';
    let signalled = false;
    const ended = new Promise<string>((resolve) => reader.on('end', () => resolve(stdout)));
    reader.on('data', (d: Buffer) => {
      stdout += d;
      if (!signalled && stdout.includes('\n') && child.pid !== undefined) {
        signalled = true;
        process.kill(child.pid, 'SIGTERM');
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The end comes only once every write end is closed: the watch's and its reader-watching helper's.
    expect(await ended).toContain('"kind":"verdict"');
    expect(await exited).toBe(143); // ended by SIGTERM, as it says
  });
});
