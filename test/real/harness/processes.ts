// Child processes of the real tier: started with their output in a log file, their PIDs recorded
// for the cluster's watchdog (reaper.mjs), and always ended by PID.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, openSync, closeSync, rmSync } from 'node:fs';
import { once } from 'node:events';

export interface Started {
  child: ChildProcess;
  pid: number;
  /** Settles when the process has exited, however it ended. */
  exited: Promise<void>;
}

/** Starts `command`, its stdout and stderr appended to `logFile`, and records its PID in `pidFile`. */
export function startLogged(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  pidFile: string,
): Started {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { env, stdio: ['ignore', log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
  appendFileSync(pidFile, `${child.pid}\n`);
  const exited = child.exitCode !== null ? Promise.resolve() : once(child, 'exit').then(() => undefined);
  return { child, pid: child.pid, exited };
}

export function isRunning(started: Started): boolean {
  return started.child.exitCode === null && started.child.signalCode === null;
}

/**
 * Ends a controller: SIGCONT first (a stopped process cannot act on SIGTERM), then SIGTERM, then
 * SIGKILL if it has not exited within `graceMs`. Removes the gops socket every ziti process leaves.
 */
export async function endProcess(started: Started, graceMs = 5000): Promise<void> {
  if (isRunning(started)) {
    started.child.kill('SIGCONT');
    started.child.kill('SIGTERM');
    const timer = setTimeout(() => started.child.kill('SIGKILL'), graceMs);
    await started.exited;
    clearTimeout(timer);
  }
  rmSync(`/tmp/gops-agent.${started.pid}.sock`, { force: true });
}

/** SIGKILL (after SIGCONT, so a stopped process dies too) and wait for the exit. */
export async function killProcess(started: Started): Promise<void> {
  if (isRunning(started)) {
    started.child.kill('SIGCONT');
    started.child.kill('SIGKILL');
    await started.exited;
  }
  rmSync(`/tmp/gops-agent.${started.pid}.sock`, { force: true });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Runs a command to completion (SIGKILLed by its PID after `timeoutMs`), with `stdin` if given. */
export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { stdin?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { env, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr, elapsedMs: performance.now() - started });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

/** Free TCP ports on 127.0.0.1, held open together so that no two are the same. */
export async function freePorts(count: number): Promise<number[]> {
  const { createServer } = await import('node:net');
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return server;
    }),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
