// Watchdog for one real cluster: if the test process that started it dies (a failed run, Ctrl-C,
// kill -9 of jest), ends every controller it recorded and removes the cluster's files. The
// harness ends this watchdog by its PID on a normal close.
// usage: node reaper.mjs <parent pid> <pid file> <cluster dir>
import { existsSync, readFileSync, rmSync } from 'node:fs';

const [parentArg, pidFile, clusterDir] = process.argv.slice(2);
const parent = Number(parentArg);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function reap() {
  const pids = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number) : [];
  for (const pid of pids) {
    if (!alive(pid)) continue;
    try {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    } catch {}
    rmSync(`/tmp/gops-agent.${pid}.sock`, { force: true });
  }
  rmSync(clusterDir, { recursive: true, force: true });
  process.exit(0);
}

process.on('SIGTERM', () => process.exit(0));
setInterval(() => {
  if (process.ppid !== parent || !alive(parent)) reap();
}, 250);
