// The built binary as a user runs it: real process, real exit codes, nothing stray on stderr.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { emptyDir } from './helpers/cli.js';
import { useSimCluster } from './helpers/sim-cluster.js';

const start = useSimCluster({ electionTimeoutMs: null });
const BIN = fileURLToPath(new URL('../bin/ziti-status.cjs', import.meta.url));

function run(args: string[], pipeTo?: 'closed'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // An empty HOME: a developer's own ziti-cli.json or config must not change what the test sees.
    const env = { PATH: process.env.PATH ?? '', HOME: emptyDir(), XDG_CONFIG_HOME: emptyDir() };
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: emptyDir() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    if (pipeTo === 'closed') child.stdout.destroy(); // like `| head -0`
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts the binary, resolves once its stdout has `lines` lines, then sends `signal`. */
function watchUntil(
  args: string[],
  lines: number,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? '', HOME: emptyDir(), XDG_CONFIG_HOME: emptyDir() };
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: emptyDir() });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (!sent && stdout.split('\n').length > lines) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the ziti-status binary', () => {
  it('twelve healthy controllers: exit 0, twelve rows, and not one warning on stderr', async () => {
    const c = await start({ nodes: 12 });
    const { code, stdout, stderr } = await run(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).controllers).toHaveLength(12);
  });

  it('exit codes reach the shell: 2 for critical, 64 for a usage error', async () => {
    const c = await start({ nodes: 3 });
    await c.kill('ctrl1');
    expect((await run(['list', 'controllers', '-c', c.url('ctrl2')])).code).toBe(2);
    const usage = await run(['list', 'controllers', '--timeout', 'soon']);
    expect(usage.code).toBe(64);
    expect(usage.stdout).toBe('');
  });

  it('a closed stdout pipe ends the run quietly with the verdict code', async () => {
    const c = await start({ nodes: 3 });
    await c.kill('ctrl3');
    const { code, stderr } = await run(['list', 'controllers', '-c', c.url('ctrl1')], 'closed');
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'watch mode stops on %s with exit %d, the audit log closed with whole lines only',
    async (signal, exit) => {
      const c = await start({ nodes: 3 });
      const log = `${emptyDir()}/audit.jsonl`;
      const { code, stdout, stderr } = await watchUntil(
        ['list', 'controllers', '-c', c.url('ctrl1'), '--watch', '300ms', '--audit-log', log],
        2,
        signal,
      );
      expect(stderr).toBe('');
      expect(code).toBe(exit);
      expect(
        stdout
          .split('\n')
          .filter(Boolean)
          .every((l) => JSON.parse(l).schemaVersion === 1),
      ).toBe(true);
      const lines = readFileSync(log, 'utf8').split('\n');
      expect(lines.pop()).toBe(''); // ends with a newline: no torn line
      expect(lines.map((l) => JSON.parse(l).kind)).toEqual(['verdict', 'leader', 'status', 'status', 'status']);
    },
  );
});
