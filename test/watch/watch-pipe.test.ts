// `--watch --events | head -1`: the built binary ends at once when the reader of its stdout goes
// away, also when it has nothing more to write (a quiet cluster gives no further events).
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emptyDir } from '../helpers/cli.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster({ electionTimeoutMs: null });
const BIN = fileURLToPath(new URL('../../bin/ziti-status.cjs', import.meta.url));

/** Spawns the binary, destroys its stdout after the first line; resolves how long it took to exit after. */
function untilFirstLineThenClose(
  args: string[],
): Promise<{ code: number | null; exitedAfterMs: number; stderr: string }> {
  return new Promise((resolve) => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: emptyDir(),
      XDG_CONFIG_HOME: emptyDir(),
      XDG_CACHE_HOME: emptyDir(),
    };
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: emptyDir() });
    let closedAt = 0;
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (closedAt === 0 && stdout.includes('\n')) {
        closedAt = performance.now();
        child.stdout.destroy(); // like `| head -1`
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
    ['--events', ['--events']],
    ['a view per line', []],
  ])('%s: exits within a second of the reader going away, quietly', async (_name, extra) => {
    const c = await start({ nodes: 3 });
    const { code, exitedAfterMs, stderr } = await untilFirstLineThenClose([
      'list',
      'controllers',
      '--watch',
      '5s',
      ...extra,
      '-c',
      c.url('ctrl1'),
    ]);
    expect(exitedAfterMs).toBeLessThan(1000);
    expect(code).toBe(0); // the last view's verdict: healthy
    expect(stderr).toBe('');
  });
});
