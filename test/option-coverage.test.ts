// Every option a command's --help lists does what it says, or is refused: a table of option -> a
// run showing its effect, per command. A listed option without an entry fails the first test, so
// an option added to (or inherited by) a command cannot go untested, and one no command lists
// cannot linger here.
import { describe, expect, it } from '@jest/globals';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIM_SCENARIOS } from '../src/cli.js';
import { loadRunSettings } from '../src/run/load.js';
import { planRun } from '../src/run/plan.js';
import type { ClusterView } from '../src/model.js';
import { BUILTIN_SCENARIO_NAMES, builtinScenario } from '../src/sim/index.js';
import { emptyDir, makeIo, runCli, type CliOptions, type CliResult } from './helpers/cli.js';
import { useSimCluster } from './helpers/sim-cluster.js';

const start = useSimCluster();
const stopAtOnce: CliOptions = { untilInterrupted: async () => 'SIGTERM' };

/** The long (else short) name of every option in the Options: section of a help text. */
function listedOptions(help: string): string[] {
  const section = help.split(/^Options:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return [...section.matchAll(/^ {2}(?:-\w, )?(--?[\w-]+)/gm)].map((m) => m[1]!).filter((o) => o !== '--help');
}

async function clusterUrl(): Promise<string> {
  return (await start({ nodes: 3 })).url('ctrl1');
}

function usage(result: CliResult, message: RegExp): void {
  expect(result.code).toBe(64);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(message);
}

type Effect = () => Promise<void>;
type Runner = (args: string[], options?: CliOptions) => Promise<CliResult>;

/** Options list controllers and serve share, as a run of either shows them (serve stops at once). */
function connectionEffects(run: Runner, answered: (r: CliResult) => void): Record<string, Effect> {
  return {
    '--controller': async () => {
      usage(await run([]), /no controllers to ask/);
      answered(await run(['-c', await clusterUrl()]));
    },
    '--timeout': async () => usage(await run(['-c', 'a.example:1280', '--timeout', 'soon']), /--timeout: 'soon'/),
    '--config': async () => {
      const dir = emptyDir();
      writeFileSync(join(dir, 'c.yaml'), `controllers: [${await clusterUrl()}]\n`);
      answered(await run(['--config', join(dir, 'c.yaml')]));
    },
    '--username': async () => {
      const url = await clusterUrl();
      usage(await run(['-c', url, '-p', 'pw']), /a password needs a username/);
      expect((await run(['-c', url, '-p', 'pw', '-u', 'admin'])).stderr).not.toMatch(/needs a username/);
    },
    '--password': async () =>
      expect((await run(['-c', await clusterUrl(), '-u', 'admin', '-p', 'pw'])).stderr).toMatch(
        /warning: -p\/--password shows the password in process lists/,
      ),
    '--password-stdin': async () =>
      usage(await run(['-c', 'a.example:1280', '-p', 'x', '--password-stdin']), /--password-stdin conflict/),
    '--login-method': async () =>
      expect((await run(['-c', await clusterUrl(), '--token', 't', '--login-method', 'legacy'])).stderr).toMatch(
        /warning: --login-method legacy applies to password and certificate logins; this run uses a ready token/,
      ),
    '--token': async () => usage(await run(['-c', 'a.example:1280', '--token', 't', '-u', 'x']), /--token conflicts/),
    '--cli-identity': async () => usage(await run(['-i', 'nope']), /-i\/--cli-identity nope: no ziti CLI logins/),
    '--ca': async () => usage(await run(['-c', 'a.example:1280', '--ca', '/nonexistent/ca.pem']), /ca\.pem/),
    '--cert': async () => usage(await run(['-c', 'a.example:1280', '--cert', '/x/c.pem']), /--cert needs --key/),
    '--key': async () => usage(await run(['-c', 'a.example:1280', '--key', '/x/k.pem']), /--key needs --cert/),
    '--insecure': async () =>
      expect((await run(['-c', await clusterUrl(), '--insecure'])).stderr).toMatch(
        /warning: --insecure: TLS certificates are NOT verified/,
      ),
  };
}

/**
 * Runs a watching command (list --watch, serve) against a simulated cluster until `seen` holds of its
 * stdout; `seen` calls `transfer` (once is all it does) for the leader change --max-elections counts.
 */
async function watchingTransfer(
  run: Runner,
  args: (url: string) => string[],
  seen: (stdout: string, transfer: () => void) => boolean | Promise<boolean>,
): Promise<CliResult> {
  const c = await start({ nodes: 3, electionTimeoutMs: null });
  let stop: (s: NodeJS.Signals) => void = () => {};
  let transferred = false;
  const transfer = () => {
    if (!transferred) c.transferLeadership();
    transferred = true;
  };
  return run(args(c.url('ctrl1')), {
    onStdout: (text) => void Promise.resolve(seen(text, transfer)).then((done) => done && stop('SIGINT')),
    untilInterrupted: () => new Promise((resolve) => (stop = resolve)),
  });
}

/**
 * The thresholds list controllers and serve share. Each is checked up front here; the flag each
 * raises is shown by its rule's own tests (test/unit/reconcile/) and scenario; `flapShown`: the
 * command's own proof that --max-elections raises leader-flap.
 */
function insightEffects(run: Runner, flapShown: Effect): Record<string, Effect> {
  return {
    '--max-lag': async () => usage(await run(['-c', 'a.example:1280', '--max-lag', 'lots']), /--max-lag: 'lots'/),
    // The simulator's certificates are valid a year, as the HA quickstart's: 400d raises cert-expiring on all
    // (shown by a list run for serve too: both reach the same policy).
    '--cert-warn': async () => {
      usage(await run(['-c', 'a.example:1280', '--cert-warn', 'soon']), /--cert-warn: 'soon' is not a duration/);
      const url = await clusterUrl();
      const flagged = JSON.parse((await list(['-c', url, '--json', '--cert-warn', '400d'])).stdout);
      expect(flagged.controllers.map((r: { flags: { code: string }[] }) => r.flags.map((f) => f.code))).toEqual([
        ['cert-expiring'],
        ['cert-expiring'],
        ['cert-expiring'],
      ]);
      expect((await list(['-c', url, '--cert-warn', '300d'])).code).toBe(0);
    },
    '--max-elections': async () => {
      usage(await run(['-c', 'a.example:1280', '--max-elections', '-1']), /--max-elections: '-1'/);
      await flapShown();
    },
  };
}

const list: Runner = (args, options) => runCli(['list', 'controllers', '--timeout', '2s', ...args], options);
const demo: Runner = (args, options) => list(['--demo', ...args], options);
const serve: Runner = (args, options) =>
  runCli(['serve', '--listen', '127.0.0.1:0', ...args], { ...stopAtOnce, ...options });

const LIST: Record<string, Effect> = {
  ...connectionEffects(list, (r) => expect(r.stdout).toMatch(/^ctrl3\t/m)),
  ...insightEffects(
    (args, options) => list(['--watch', '1s', ...args], { ...stopAtOnce, ...options }),
    async () => {
      // --max-elections 0: the first leader change is a flap, raised as an event on the new leader.
      const raised = /"kind":"flag-raised","controller":"ctrl2","flag":"leader-flap"/;
      const { stdout } = await watchingTransfer(
        list,
        (url) => ['--watch', '300ms', '--events', '--max-elections', '0', '-c', url],
        (text, transfer) => {
          transfer(); // after the first view's events
          return raised.test(text);
        },
      );
      expect(stdout).toMatch(raised);
    },
  ),
  // Checked up front like the others, and the threshold of `lagging`: the built-in lagging-follower's
  // ctrl3 is 250 entries behind, lagging under --max-lag 10, not under --max-lag 300.
  '--max-lag': async () => {
    usage(await list(['-c', 'a.example:1280', '--max-lag', 'lots']), /--max-lag: 'lots'/);
    const url = (await start(builtinScenario('lagging-follower'))).url('ctrl1');
    const ctrl3 = async (maxLag: string) =>
      (JSON.parse((await list(['--json', '-c', url, '--max-lag', maxLag])).stdout) as ClusterView).controllers.find(
        (r) => r.id === 'ctrl3',
      )!;
    const small = await ctrl3('10');
    expect(small.lagEntries).toBe(250);
    expect(small.flags).toEqual([
      {
        code: 'lagging',
        message: expect.stringMatching(/250 entries behind the leader ctrl1's .*\(more than --max-lag 10\)$/),
      },
    ]);
    const large = await ctrl3('300');
    expect(large).toMatchObject({ lagEntries: 250, flags: [] });
  },
  '--no-discover': async () => {
    const cache = emptyDir();
    const run = await list(['--json', '--no-discover', '-c', await clusterUrl()], { env: { XDG_CACHE_HOME: cache } });
    const view = JSON.parse(run.stdout);
    expect(view.controllers.filter((c: { address: string | null }) => c.address !== null)).toHaveLength(1);
    // Nor does it remember members for a later run (the member cache, src/run/member-cache.ts).
    expect(existsSync(join(cache, 'ziti-status', 'members-v1.json'))).toBe(false);
  },
  '--no-dynamic-timeout': async () => {
    usage(await demo(['--no-dynamic-timeout']), /--no-dynamic-timeout only work with --watch/);
    const flags = { command: 'list' as const, controller: ['a.example:1280'], watch: true as const };
    const settings = await loadRunSettings({ ...flags, dynamicTimeout: false }, makeIo().io);
    expect(planRun(settings, { ...flags, dynamicTimeout: false }).loop?.dynamicTimeout).toBe(false);
  },
  '--output': async () => expect((await demo(['-o', 'csv'])).stdout).toMatch(/^id,name,status,/),
  '--json': async () => expect(JSON.parse((await demo(['--json'])).stdout).schemaVersion).toBe(1),
  '--output-json': async () => expect(JSON.parse((await demo(['-j'])).stdout).schemaVersion).toBe(1),
  '--csv': async () => expect((await demo(['--csv'])).stdout).toMatch(/^id,name,status,/),
  '--no-headers': async () => {
    expect((await demo([])).stdout).toMatch(/^ID\t/);
    expect((await demo(['--no-headers'])).stdout).toMatch(/^ctrl1\t/);
  },
  '--fail-on': async () => {
    expect((await demo([])).code).toBe(1);
    expect((await demo(['--fail-on', 'never'])).code).toBe(0);
  },
  '--ziti-compat': async () => expect((await demo(['--ziti-compat'])).stdout).toMatch(/results: 1-3 of 3/),
  '--demo': async () => expect((await demo([])).stderr).toMatch(/^demo: a simulated 3-controller cluster/),
  '--watch': async () => {
    const stopLater: CliOptions = { untilInterrupted: () => new Promise((r) => setTimeout(() => r('SIGINT'), 900)) };
    const lines = (await demo(['--watch', '250ms'], stopLater)).stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line).schemaVersion).toBe(1);
  },
  // The watch-only flags are refused without --watch; their effect in watch mode is test/watch's.
  '--events': async () => usage(await demo(['--events']), /--events only work with --watch/),
  '--stale-after': async () => usage(await demo(['--stale-after', '5s']), /--stale-after only work with --watch/),
  '--audit-log': async () => usage(await demo(['--audit-log', 'x.jsonl']), /--audit-log only work with --watch/),
};

const SERVE: Record<string, Effect> = {
  ...connectionEffects(serve, (r) => expect(r.stdout).toMatch(/^serving http:\/\/127\.0\.0\.1:\d+\/metrics/)),
  ...insightEffects(serve, async () => {
    // --max-elections 0: after the first leader change /metrics shows leader-flap on the new leader.
    const flapped = 'ziti_status_controller_flag{cluster="default",controller="ctrl2",flag="leader-flap"} 1';
    let metrics = '';
    await watchingTransfer(
      (args, options) => runCli(['serve', '--listen', '127.0.0.1:0', ...args], options),
      (url) => ['--interval', '300ms', '--max-elections', '0', url],
      async (text, transfer) => {
        const base = /serving (http:\/\/[^/]+)\/metrics/.exec(text)?.[1];
        if (base === undefined) return false;
        // Each ask is a real request: once a view names ctrl1 leader, leadership moves, then the flag shows.
        const ctrl1Leads = 'ziti_status_controller_is_leader{cluster="default",controller="ctrl1"} 1';
        for (let i = 0; i < 4000 && !metrics.includes(flapped); i++) {
          metrics = await (await fetch(`${base}/metrics`)).text();
          if (metrics.includes(ctrl1Leads)) transfer();
        }
        return true;
      },
    );
    expect(metrics).toContain(flapped);
  }),
  '--no-discover': async () => {
    const flags = { command: 'serve' as const, targets: [], controller: ['a.example:1280'], listen: ':0' };
    const settings = await loadRunSettings({ ...flags, discover: false }, makeIo().io);
    expect(planRun(settings, { ...flags, discover: false }).discover).toBe(false);
  },
  '--no-dynamic-timeout': async () => {
    const flags = { command: 'serve' as const, targets: [], controller: ['a.example:1280'], listen: ':0' };
    const settings = await loadRunSettings({ ...flags, dynamicTimeout: false }, makeIo().io);
    expect(planRun(settings, { ...flags, dynamicTimeout: false }).loop?.dynamicTimeout).toBe(false);
  },
  '--listen': async () => {
    usage(await serve(['-c', 'a.example:1280', '--listen', 'nowhere']), /--listen: 'nowhere' is not host:port/);
    // No host: every interface, as Prometheus exporters take ':9464'.
    const all = await serve(['-c', await clusterUrl(), '--listen', ':0']);
    expect(all.stdout).toMatch(/^serving http:\/\/(\[::\]|0\.0\.0\.0):\d+\/metrics/);
  },
  '--interval': async () => usage(await serve(['-c', 'a.example:1280', '--interval', '1ms']), /--interval: 1ms/),
  '--cluster-name': async () =>
    expect((await serve(['-c', await clusterUrl(), '--cluster-name', 'prod'])).stdout).toMatch(/\/metrics for prod$/m),
};

const show: Runner = (args, options) => runCli(['config', 'show', ...args], options);
const row = (args: string[], line: RegExp) => async () => expect((await show(args)).stdout).toMatch(line);

const CONFIG_SHOW: Record<string, Effect> = {
  '--controller': row(['-c', 'a.example:1280'], /^controllers\thttps:\/\/a\.example:1280\tflag --controller$/m),
  '--no-discover': row(['--no-discover'], /^discover\tfalse\tflag --no-discover$/m),
  '--timeout': row(['--timeout', '1m30s'], /^timeout\t90000ms\tflag --timeout$/m),
  '--no-dynamic-timeout': row(['--no-dynamic-timeout'], /^dynamic-timeout\tfalse\tflag --no-dynamic-timeout$/m),
  '--config': async () => {
    const file = join(emptyDir(), 'c.yaml');
    writeFileSync(file, 'controllers: [b.example:1280]\n');
    expect((await show(['--config', file])).stdout).toMatch(new RegExp(`^config file\\t${file}\\t$`, 'm'));
  },
  '--username': row(['-u', 'admin'], /^username\tadmin\tflag --username$/m),
  '--password': async () => {
    const shown = await show(['-u', 'admin', '-p', 'secret-pw-1234']);
    expect(shown.stdout).toMatch(/^password\t\*\*\*\tflag --password$/m);
    expect(shown.stdout).not.toContain('secret-pw-1234');
  },
  '--password-stdin': row(['-u', 'a', '--password-stdin'], /^password\t\(read from stdin when run\)\tflag/m),
  '--login-method': row(['--login-method', 'oidc'], /^login-method\toidc\tflag --login-method$/m),
  '--token': row(['--token', 'tok-1234'], /^token\t\*\*\*\tflag --token$/m),
  '--cli-identity': async () => usage(await show(['-i', 'nope']), /-i\/--cli-identity nope/),
  '--ca': row(['--ca', '/x/ca.pem'], /^ca\t\/x\/ca\.pem\tflag --ca$/m),
  '--cert': row(['--cert', '/x/c.pem'], /^cert\t\/x\/c\.pem\tflag --cert$/m),
  '--key': row(['--key', '/x/k.pem'], /^key\t\/x\/k\.pem\tflag --key$/m),
  '--insecure': row(['--insecure'], /^insecure\ttrue\tflag --insecure$/m),
  '--output': async () => {
    expect(JSON.parse((await show(['-o', 'json', '--timeout', '3s'])).stdout).timeout).toEqual({
      value: '3000ms',
      source: 'flag --timeout',
    });
    expect((await show(['-o', 'text'])).stdout).toMatch(/^timeout\t2000ms\tdefault$/m);
  },
  '--json': async () => {
    const shown = JSON.parse((await show(['--json', '--token', 'tok-1234'])).stdout);
    expect(shown.token).toEqual({ value: '***', source: 'flag --token' });
    usage(await show(['--json', '-o', 'text']), /--json conflicts with --output text/);
  },
};

const SIMULATE: Record<string, Effect> = {
  '--nodes': async () =>
    expect((await runCli(['simulate', '--nodes', '2'], stopAtOnce)).stdout).toMatch(/^ctrl1\t.*\nctrl2\t[^\n]*\n$/),
  '--scenario': async () => {
    const killed = await runCli(['simulate', '--scenario', 'leader-killed'], stopAtOnce);
    expect(killed.stdout.trim().split('\n')).toHaveLength(3);
    const ctrl1 = /^ctrl1\t(\S+)$/m.exec(killed.stdout)![1]!;
    const ctrl2 = /^ctrl2\t(\S+)$/m.exec(killed.stdout)![1]!;
    // The try: hint never points at the killed leader.
    expect(killed.stderr).toContain(`try: ziti-status list controllers --controller ${ctrl2}\n`);
    expect(killed.stderr).not.toContain(ctrl1);
    // A file, relative to the working directory.
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'two.json'), JSON.stringify({ nodes: 2 }));
    expect((await runCli(['simulate', '--scenario', 'two.json'], { ...stopAtOnce, cwd })).stdout).toMatch(/^ctrl2\t/m);
    usage(await runCli(['simulate', '--scenario', 'nope'], { cwd }), /--scenario takes a file or one of healthy-3/);
  },
};

const PROGRAM: Record<string, Effect> = {
  '--version': async () => expect((await runCli(['--version'])).stdout).toBe('0.1.0\n'),
  '--color': async () => {
    const table = ['list', 'controllers', '--demo', '-o', 'table'];
    expect((await runCli(['--color', 'always', ...table])).stdout).toContain('\u001b[');
    expect((await runCli(['--color', 'never', ...table], { tty: true })).stdout).not.toContain('\u001b[');
  },
};

const COMMANDS: [string[], Record<string, Effect>][] = [
  [[], PROGRAM],
  [['list'], {}],
  [['list', 'controllers'], LIST],
  [['config'], {}],
  [['config', 'show'], CONFIG_SHOW],
  [['serve'], SERVE],
  [['schema'], {}],
  [['simulate'], SIMULATE],
];

describe('every option a command lists is used', () => {
  it.each(COMMANDS)(
    '%j: each option in --help has an effect below, and nothing else does',
    async (command, effects) => {
      const help = await runCli([...command, '--help']);
      expect(help.code).toBe(0);
      expect(listedOptions(help.stdout).sort()).toEqual(Object.keys(effects).sort());
    },
  );

  const cases = COMMANDS.flatMap(([command, effects]) =>
    Object.entries(effects).map(([option, effect]) => [command.join(' ') || 'ziti-status', option, effect] as const),
  );
  it.each(cases)('%s %s', async (_command, _option, effect) => effect(), 20_000);

  it("simulate's help names exactly the built-in scenarios", () => {
    expect(SIM_SCENARIOS).toEqual(BUILTIN_SCENARIO_NAMES);
  });
});
