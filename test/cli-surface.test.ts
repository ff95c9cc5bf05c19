// The CLI's edges: nested help, one prefix for every error line, compound durations, --listen
// without a host, HEAD on serve's endpoints, and list's word on a serve-only clusters: key.
import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli.js';
import { parseDuration } from '../src/config/duration.js';
import { parseListen } from '../src/run/plan.js';
import { emptyDir, makeIo, runCli } from './helpers/cli.js';
import { loadCommands } from './helpers/load-commands.js';
import { useSimCluster } from './helpers/sim-cluster.js';

const start = useSimCluster();

describe('the command line', () => {
  it('`help list controllers` shows that command’s help, as `list controllers --help` does', async () => {
    const help = await runCli(['help', 'list', 'controllers']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await runCli(['list', 'controllers', '--help'])).stdout);
    expect(help.stdout).toMatch(/^Usage: ziti-status list controllers/);
    expect((await runCli(['help', 'config', 'show'])).stdout).toMatch(/^Usage: ziti-status config show/);
  });

  it.each([
    [['list', 'controllers', '--bogus']],
    [['nope']],
    [['list', 'controllers', '-o', 'xml']],
    [['serve', '--listen']],
    [['list', 'controllers', '--timeout', 'soon', '-c', 'a.example:1280']],
  ])('every error line starts with ziti-status: %j', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(64);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^ziti-status: /);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\(Did you mean/);
  });

  it('durations: Go compound forms add up; anything else is refused', () => {
    expect(parseDuration('1m30s', '--timeout')).toBe(90_000);
    expect(parseDuration('1h2m3.5s', '--timeout')).toBe(3_723_500);
    expect(parseDuration('1s500ms', '--timeout')).toBe(1500);
    expect(parseDuration('5', '--timeout')).toBe(5000);
    expect(parseDuration('250ms', '--timeout')).toBe(250);
    // Days are a unit since --cert-warn (30d); a bare unit or trailing digits are not.
    expect(parseDuration('1d', '--cert-warn')).toBe(86_400_000);
    for (const bad of ['1m30', 'm30s', '1 m', 'd', '5s5', '']) expect(() => parseDuration(bad, '--timeout')).toThrow();
  });

  it("--listen ':9464' is every interface, as Prometheus exporters take it", () => {
    expect(parseListen(':9464')).toEqual({ host: '', port: 9464 });
    expect(parseListen('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListen('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(() => parseListen('9464')).toThrow(/:9464 for every interface/);
  });

  it('list controllers with a config file that has clusters: says only serve reads it', async () => {
    const c = await start({ nodes: 3 });
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, 'ziti-status.yaml'),
      `controllers: [${c.url('ctrl1')}]\nclusters: [{name: prod, controllers: [${c.url('ctrl1')}]}]\n`,
    );
    const listed = await runCli(['list', 'controllers', '--json'], { cwd });
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/^ziti-status: warning: clusters: in .* is read only by `ziti-status serve`/m);
    writeFileSync(join(cwd, 'ziti-status.yaml'), `clusters: [{name: prod, controllers: [${c.url('ctrl1')}]}]\n`);
    const refused = await runCli(['list', 'controllers'], { cwd });
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/no controllers to ask/);
    expect(refused.stderr).toMatch(/clusters: in .* is read only by `ziti-status serve`/);
  });
});

describe('serve over HEAD', () => {
  it('HEAD /metrics and /healthz answer as GET does, without a body', async () => {
    const c = await start({ nodes: 3 });
    let stop: (s: NodeJS.Signals) => void = () => {};
    let listening: (url: string) => void = () => {};
    const url = new Promise<string>((resolve) => (listening = resolve));
    const { io } = makeIo({
      onStdout: (text) => {
        const match = /serving (http:\/\/[^/]+)\/metrics/.exec(text);
        if (match) listening(match[1]!);
      },
      untilInterrupted: () => new Promise((resolve) => (stop = resolve)),
    });
    const done = main(['serve', '--listen', '127.0.0.1:0', '--interval', '300ms', c.url('ctrl1')], io, loadCommands);
    const base = await url;
    for (let i = 0; i < 5000 && (await fetch(`${base}/healthz`)).status !== 200; i++);
    for (const path of ['/metrics', '/healthz']) {
      const get = await fetch(`${base}${path}`);
      const head = await fetch(`${base}${path}`, { method: 'HEAD' });
      expect(head.status).toBe(get.status);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect(await head.text()).toBe('');
      expect((await get.text()).length).toBeGreaterThan(0);
    }
    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    stop('SIGTERM');
    expect(await done).toBe(0);
  });
});
