// The command line as users and scripts meet it: usage errors, help, formats, exit codes, colour.
import { describe, expect, it } from '@jest/globals';
import { main } from '../src/cli.js';
import { loadCommands } from './helpers/load-commands.js';
import { listJson, makeIo, runCli } from './helpers/cli.js';
import { useSimCluster } from './helpers/sim-cluster.js';

const start = useSimCluster();

describe('usage errors: one line on stderr, exit 64, nothing on stdout', () => {
  it.each([
    [['list', 'controllers', '--bogus'], /unknown option '--bogus'/],
    [['list', 'controllers', '-c', 'x:1', '-o', 'xml'], /argument 'xml' is invalid/],
    [['list', 'controllers', '-c', 'not a url'], /'not a url' is not a controller address/],
    [['list', 'controllers', '-c', 'gopher://h:70'], /unsupported scheme 'gopher'/],
    [['list', 'controllers', '-c', 'h:1', '--timeout', 'soon'], /--timeout: 'soon' is not a duration/],
    [['list', 'controllers', '-c', 'h:1', '--timeout', '0'], /--timeout: must be greater than zero/],
    [['list', 'controllers', '-c', 'h:1', '--json', '-o', 'table'], /--json conflicts with --output table/],
    [['list', 'controllers', '-c', 'h:1', '--fail-on', 'sometimes'], /argument 'sometimes' is invalid/],
    [['list', 'controllers', '--demo', '-c', 'h:1'], /--demo starts its own simulated cluster/],
    [['simulate', '--nodes', 'many'], /--nodes: 'many' is not a whole number/],
    [['simulate', '--scenario', '/nonexistent/scenario.json'], /nonexistent\/scenario.json/],
  ])('%j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(result.stderr.includes('(Did you mean') ? 2 : 1);
  });
});

describe('nothing configured', () => {
  it('prints how to point ziti-status at a cluster (flags, env, config, ziti login) and exits 64', async () => {
    const result = await runCli(['list', 'controllers']);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    for (const way of ['--controller', 'ZITI_STATUS_CONTROLLERS', 'ziti-status.yaml', 'ziti edge login', '--demo'])
      expect(result.stderr).toContain(way);
  });
});

describe('help', () => {
  it('list controllers --help shows examples and the exit codes, exit 0', async () => {
    const result = await runCli(['list', 'controllers', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples:\n {2}\$ ziti-status list controllers --demo/);
    expect(result.stdout).toMatch(/64 {2}usage or configuration error/);
  });
});

describe('formats and exit codes against a simulated cluster', () => {
  it(
    'piped output is plain and tab-separated with RFC3339 times; a terminal gets the table with relative ' + 'times',
    async () => {
      const cluster = await start({ nodes: 3 });
      const url = cluster.url('ctrl1');
      const plain = await runCli(['list', 'controllers', '-c', url]);
      expect(plain.code).toBe(0);
      expect(plain.stdout.split('\n')[0]).toBe('ID\tNAME\tSTATUS\tLEADER\tREACHABLE\tLAST JOINED\tVIEWS\tFLAGS');
      expect(plain.stdout).toMatch(/^ctrl1\tctrl1\tonline\tleader\tyes \d+ms\t\d{4}-\d\d-\d\dT[\d:.]+Z\t3\/3\t-$/m);
      expect(plain.stdout).toMatch(/^# verdict: healthy {2}leader: ctrl1/m);
      const table = await runCli(['list', 'controllers', '-c', url], { tty: true });
      expect(table.stdout).toMatch(/^\u001b\[1mID\u001b\[22m +\u001b\[1mNAME/);
      expect(table.stdout).toMatch(/ago|just now/);
      expect(table.stdout).toMatch(/\u001b\[32monline/);
    },
  );

  it('ZITI_STATUS_CONTROLLERS names the targets when no flag does', async () => {
    const cluster = await start({ nodes: 3 });
    const result = await runCli(['list', 'controllers', '--json'], {
      env: { ZITI_STATUS_CONTROLLERS: cluster.url('ctrl2') },
    });
    expect(JSON.parse(result.stdout).controllers).toHaveLength(3);
  });

  it('--fail-on critical lets degraded exit 0; --fail-on never lets critical exit 0', async () => {
    const cluster = await start({ nodes: 3, electionTimeoutMs: null });
    await cluster.kill('ctrl3');
    expect((await listJson([cluster.url('ctrl1')], ['--fail-on', 'critical'])).code).toBe(0);
    await cluster.kill('ctrl1');
    const critical = await listJson([cluster.url('ctrl2')], ['--fail-on', 'never']);
    expect(critical.view.cluster.verdict).toBe('critical');
    expect(critical.code).toBe(0);
  });

  it(
    'escape sequences and bidi overrides in a controller ' + 'name never reach the terminal; JSON escapes them',
    async () => {
      const cluster = await start({
        controllers: [{ id: 'ctrl1', name: 'evil\u001b[2J\u202ename' }, { id: 'ctrl2' }, { id: 'ctrl3' }],
      });
      const table = await runCli(['list', 'controllers', '-c', cluster.url('ctrl1'), '--color', 'never'], {
        tty: true,
      });
      expect(table.stdout).not.toMatch(/[\u001b\u202e]/);
      expect(table.stdout).toMatch(/evilname/);
      const json = await runCli(['list', 'controllers', '-c', cluster.url('ctrl1'), '--json']);
      expect(json.stdout).toContain('evil\\u001b[2J\\u202ename');
      expect(JSON.parse(json.stdout).controllers[0].name).toBe('evil\u001b[2J\u202ename');
    },
  );

  it('--demo shows a flagged, degraded table from its own simulated cluster', async () => {
    const result = await runCli(['list', 'controllers', '--demo', '--json']);
    const view = JSON.parse(result.stdout);
    expect(result.code).toBe(1);
    expect(view.controllers.map((c: { id: string }) => c.id)).toEqual(['ctrl1', 'ctrl2', 'ctrl3']);
    expect(view.controllers[2].flags.map((f: { code: string }) => f.code)).toContain('stale-view');
  });
});

describe('simulate', () => {
  it('prints each controller URL, serves until interrupted, then shuts down', async () => {
    let interrupt: (s: NodeJS.Signals) => void = () => {};
    let sawUrls: () => void = () => {};
    const urlsPrinted = new Promise<void>((resolve) => (sawUrls = resolve));
    const { io, stdout } = makeIo({
      onStdout: (text) => text.split('\n').length > 3 && sawUrls(),
      untilInterrupted: () => new Promise((resolve) => (interrupt = resolve)),
    });
    const running = main(['simulate', '--nodes', '3'], io, loadCommands);
    await urlsPrinted;
    const out = stdout();
    const lines = out
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(lines.map((l) => l[0])).toEqual(['ctrl1', 'ctrl2', 'ctrl3']);
    const { view } = await listJson([lines[0]![1]!]);
    expect(view.cluster.verdict).toBe('healthy');
    interrupt('SIGINT');
    expect(await running).toBe(0);
  });
});
