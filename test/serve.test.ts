// `serve`: Prometheus metrics for one or several clusters, /healthz, clean stop; promtool-clean.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli.js';
import { loadCommands } from './helpers/load-commands.js';
import { emptyDir, makeIo, runCli } from './helpers/cli.js';
import { useSimCluster } from './helpers/sim-cluster.js';

const start = useSimCluster();
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

/** Starts serve in-process; resolves with its base URL once it listens, and a stop function. */
async function serve(args: string[], cwd?: string) {
  let stop: (s: NodeJS.Signals) => void = () => {};
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (listening = resolve));
  const { io, stderr } = makeIo({
    ...(cwd ? { cwd } : {}),
    onStdout: (text) => {
      const match = /serving (http:\/\/[^/]+)\/metrics/.exec(text);
      if (match) listening(match[1]!);
    },
    untilInterrupted: () => new Promise((resolve) => (stop = resolve)),
  });
  const done = main(['serve', '--listen', '127.0.0.1:0', '--interval', '300ms', ...args], io, loadCommands);
  const stopServe = (s: NodeJS.Signals = 'SIGTERM') => {
    stop(s);
    return done;
  };
  return { base: await url, stop: stopServe, stderr };
}

/** /healthz answers 503 until every cluster has a view; ask until it says 200 (each ask is a real request). */
async function untilReady(base: string): Promise<void> {
  for (let i = 0; i < 5000; i++) if ((await fetch(`${base}/healthz`)).status === 200) return;
  throw new Error('serve never became ready');
}

function promtoolCheck(text: string): string {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return `${result.status} ${result.stdout}${result.stderr}`.trim();
}

describe('serve', () => {
  it('serves the latest view as metrics and /healthz; SIGTERM stops it cleanly with exit 0', async () => {
    const c = await start({ nodes: 3 });
    await c.kill('ctrl3');
    const s = await serve([c.url('ctrl1')]);
    await untilReady(s.base);
    const res = await fetch(`${s.base}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('ziti_status_controller_online{cluster="default",controller="ctrl1"} 1');
    expect(text).toContain('ziti_status_controller_online{cluster="default",controller="ctrl3"} 0');
    expect(text).toContain('ziti_status_controller_flag{cluster="default",controller="ctrl3",flag="unreachable"} 1');
    expect(text).toContain('ziti_status_cluster_verdict{cluster="default",verdict="degraded"} 1');
    expect(text).toContain('ziti_status_cluster_has_leader{cluster="default"} 1');
    if (hasPromtool) expect(promtoolCheck(text)).toBe('0');
    expect((await fetch(`${s.base}/nope`)).status).toBe(404);
    expect(await s.stop('SIGTERM')).toBe(0);
    expect(s.stderr()).toBe('');
  });

  it('several clusters from the config file, each under its own cluster label', async () => {
    const a = await start({ nodes: 3 });
    const b = await start({ nodes: 5 });
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, 'ziti-status.yaml'),
      `clusters:\n  - name: prod\n    controllers: [${a.url('ctrl1')}]\n  - name: lab\n    controllers: ` +
        `[${b.url('ctrl2')}]\n`,
    );
    const s = await serve([], cwd);
    await untilReady(s.base);
    const text = await (await fetch(`${s.base}/metrics`)).text();
    expect(text.match(/^ziti_status_controller_online\{cluster="prod"/gm)).toHaveLength(3);
    expect(text.match(/^ziti_status_controller_online\{cluster="lab"/gm)).toHaveLength(5);
    expect(text.match(/^# TYPE ziti_status_controller_online gauge$/gm)).toHaveLength(1);
    if (hasPromtool) expect(promtoolCheck(text)).toBe('0');
    expect(await s.stop('SIGINT')).toBe(0);
  });

  it('-o prometheus from a single run is promtool-clean too', async () => {
    const c = await start({ nodes: 3 });
    const { stdout, code } = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'prometheus']);
    expect(code).toBe(0);
    expect(stdout).toContain('ziti_status_cluster_quorum_needed 2');
    if (hasPromtool) expect(promtoolCheck(stdout)).toBe('0');
  });

  it('--insecure warns as list does: skipping verification is never silent', async () => {
    const c = await start({ nodes: 3 });
    const s = await serve(['--insecure', c.url('ctrl1')]);
    await untilReady(s.base);
    expect(await s.stop('SIGTERM')).toBe(0);
    expect(s.stderr()).toBe(
      'ziti-status: warning: --insecure: TLS certificates are NOT verified; anyone on the path can ' +
        'impersonate a controller\n',
    );
  });

  it("no targets: the ways to name a cluster, with serve's clusters: list in place of list's --demo", async () => {
    const result = await runCli(['serve', '--listen', '127.0.0.1:0']);
    expect(result).toMatchObject({ code: 64, stdout: '' });
    for (const way of [
      '--controller',
      'ZITI_STATUS_CONTROLLERS',
      'ziti-status.yaml',
      'ziti edge login',
      'clusters: [{name, controllers}]',
    ])
      expect(result.stderr).toContain(way);
    expect(result.stderr).not.toContain('--demo');
  });

  it("an --interval below the minimum is a usage error, as --watch's is", async () => {
    const result = await runCli(['serve', '--listen', '127.0.0.1:0', '--interval', '100ms', 'h:1']);
    expect(result).toMatchObject({ code: 64, stdout: '' });
    expect(result.stderr).toMatch(/--interval: 100ms is too short; the interval is at least 250ms/);
  });

  it('a bad --listen is a usage error', async () => {
    const result = await runCli(['serve', '--listen', 'nowhere', 'h:1']);
    expect(result).toMatchObject({ code: 64, stdout: '' });
    expect(result.stderr).toMatch(/--listen: 'nowhere' is not host:port/);
  });
});
