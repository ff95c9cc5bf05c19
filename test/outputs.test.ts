// The outputs through the CLI: wide, csv, yaml, ndjson, --no-headers, --ziti-compat, what --watch
// does with each -o (src/render/printer.ts has the whole table), the positional filter, the JSON
// Schema, and the progress line on a terminal.
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { main } from '../src/cli.js';
import { listJson, makeIo, runCli } from './helpers/cli.js';
import { loadCommands } from './helpers/load-commands.js';
import { useSimCluster } from './helpers/sim-cluster.js';

const start = useSimCluster({ electionTimeoutMs: null, leaderLeaseTimeoutMs: null });

describe('formats', () => {
  it('-o wide adds address, version, fingerprint prefix, certificate expiry, preferred leader, what every replica says and the raft lag', async () => {
    const c = await start({ nodes: 3 });
    const { stdout } = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'wide', '--color', 'never']);
    expect(stdout).toMatch(
      /^ID +NAME +STATUS .* ADDRESS +VERSION +FINGERPRINT +CERT EXPIRES +PREFERRED +REPLICAS +LAG$/m,
    );
    expect(stdout).toMatch(
      new RegExp(
        `^ctrl2 .* ${c.url('ctrl2')} +v2\\.0\\.3 +[0-9a-f]{12} +[\\dT:.Z-]{24} +- +ctrl1:on ctrl2:on ctrl3:on +0$`,
        'm',
      ),
    );
    expect(stdout).toMatch(/^ctrl1 .* yes +ctrl1:on ctrl2:on ctrl3:on +0$/m);
  });

  it(
    '-o csv / --csv: RFC 4180, raw values, formulas and ' + 'escapes neutralised; --no-headers drops the header',
    async () => {
      const c = await start({
        controllers: [
          { id: 'ctrl1', name: '=HYPERLINK("http://x")' },
          { id: 'ctrl2', name: 'a,b\u001b[2J' },
          { id: 'ctrl3' },
        ],
      });
      const { stdout } = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '--csv']);
      const lines = stdout.split('\r\n');
      expect(lines[0]).toBe(
        'id,name,status,is_leader,reachable,latency_ms,last_joined_at,agreeing_replicas,replicas,flags,error',
      );
      expect(lines[1]).toMatch(/^ctrl1,"'=HYPERLINK\(""http:\/\/x""\)",online,true,true,\d+,[\dT:.Z-]+,3,3,,$/);
      expect(lines[2]).toMatch(/^ctrl2,"a,b",online,false,/);
      const bare = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'csv', '--no-headers']);
      expect(bare.stdout.split('\r\n')[0]).toMatch(/^ctrl1,/);
    },
  );

  it('-o yaml carries the same document as -o json; --no-headers with json is a usage error', async () => {
    const c = await start({ nodes: 3 });
    const yaml = parse((await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'yaml'])).stdout);
    const { view } = await listJson([c.url('ctrl1')]);
    expect(yaml.controllers.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual(
      view.controllers.map((r) => [r.id, r.status]),
    );
    expect(yaml.cluster.verdict).toBe(view.cluster.verdict);
    const bad = await runCli(['list', 'controllers', '-c', 'h:1', '--json', '--no-headers']);
    expect(bad).toMatchObject({ code: 64, stdout: '' });
    expect((await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-j'])).stdout).toContain('"schemaVersion": 1');
  });

  it('-o yaml keeps hostile names exact as escapes, never raw, and times as quoted strings', async () => {
    const names = ['evil\u202eexe.gpj', 'a\u001b[2J\u0007b', 'c1\u0085 ls\u2028 bom\ufeff', 'yes'];
    const c = await start({ controllers: names.map((name, i) => ({ id: `ctrl${i + 1}`, name })) });
    const { stdout } = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'yaml']);
    expect(stdout).not.toMatch(
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/,
    );
    const { view } = await listJson([c.url('ctrl1')]);
    for (const yaml of [parse(stdout), parse(stdout, { version: '1.1' })]) {
      expect(yaml.controllers.map((r: { name: string }) => r.name)).toEqual(view.controllers.map((r) => r.name));
      expect(typeof yaml.generatedAt).toBe('string');
      expect(yaml.controllers.map((r: { lastJoinedAt: unknown }) => typeof r.lastJoinedAt)).toEqual(
        view.controllers.map(() => 'string'),
      );
    }
    expect(view.controllers.map((r) => r.name)).toEqual(names);
  });

  it('-o ndjson prints the same view as -o json, on one line', async () => {
    const c = await start({ nodes: 3 });
    const { stdout, code } = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '-o', 'ndjson']);
    expect(code).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trimEnd()).not.toContain('\n');
    const { view } = await listJson([c.url('ctrl1')]);
    expect(JSON.parse(stdout).controllers.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual(
      view.controllers.map((r) => [r.id, r.status]),
    );
  });
});

/** `list controllers --watch 300ms ...` until `enough` says so of everything written; then SIGINT. */
async function watchOutput(args: string[], tty: boolean, enough: (stdout: string) => boolean) {
  let stop: (s: NodeJS.Signals) => void = () => {};
  const { io, stdout } = makeIo({
    tty,
    onStdout: (text) => enough(text) && stop('SIGINT'),
    untilInterrupted: () => new Promise((resolve) => (stop = resolve)),
  });
  const code = await main(['list', 'controllers', '--watch', '300ms', '--color', 'never', ...args], io, loadCommands);
  return { code, stdout: stdout() };
}

describe('--watch and the formats', () => {
  it.each([
    [['--watch', '-o', 'csv'], /--watch cannot stream -o csv.*-o ndjson/],
    [['--watch', '-o', 'prometheus'], /ziti-status serve/],
    [['--watch', '--ziti-compat'], /--ziti-compat prints ziti's table once/],
    [['--ziti-compat', '-o', 'json'], /--ziti-compat prints ziti's table; drop --output json/],
    [['--watch', '--events', '-o', 'table'], /--events prints one JSON line per change; drop --output table/],
  ])('%j is refused before anything is polled', async (args, message) => {
    const result = await runCli(['list', 'controllers', '-c', 'h:1', ...args]);
    expect(result).toMatchObject({ code: 64, stdout: '' });
    expect(result.stderr).toMatch(message);
  });

  it('-o table piped: one table per tick, each after a line with its time, no screen control', async () => {
    const c = await start({ nodes: 3 });
    const tables = (text: string) => text.match(/^ID +NAME +STATUS .*LAST ANSWER$/gm) ?? [];
    const { code, stdout } = await watchOutput(
      ['-c', c.url('ctrl1'), '-o', 'table'],
      false,
      (text) => tables(text).length >= 2,
    );
    expect(code).toBe(130);
    expect(stdout).not.toContain('\u001b');
    expect(stdout).toMatch(/^ziti-status: watching every 0.3s, \d{4}-\d\d-\d\dT[\d:.]+Z\n\nID /);
    expect(stdout).toMatch(/^ctrl1 +ctrl1 +online +leader /m);
  });

  it('-o json on a terminal: one JSON view per line, not the live screen', async () => {
    const c = await start({ nodes: 3 });
    const { stdout } = await watchOutput(
      ['-c', c.url('ctrl1'), '-o', 'json'],
      true,
      (text) => text.split('\n').length > 2,
    );
    expect(stdout).not.toContain('\u001b[?1049h');
    const views = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(views.length).toBeGreaterThanOrEqual(2);
    expect(views[0].schemaVersion).toBe(1);
  });
});

describe('ziti compatibility', () => {
  it(
    '--ziti-compat prints the ziti table and footer from the consensus replica (a dead leader still "true" ' +
      'before re-election)',
    async () => {
      const c = await start({ nodes: 3 });
      await c.kill('ctrl1');
      const { stdout, code } = await runCli(['list', 'controllers', '-c', c.url('ctrl2'), '--ziti-compat']);
      const lines = stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^╭─+┬─+┬─+┬─+┬─+╮$/);
      expect(lines[1]).toBe(
        '│ ID    │ NAME  │ LAST CONNECTED           │ ' +
          'ISONLINE (ONLY VALID IF CLUSTER HAS LEADER) │ PREFERRED LEADER │',
      );
      const ctrl1Row = /^│ ctrl1 │ ctrl1 │ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z │ true +│ true +│$/;
      expect(lines[3]).toMatch(ctrl1Row);
      expect(lines.at(-1)).toBe('results: 1-3 of 3');
      expect(code).toBe(2); // the verdict still decides the exit code (--fail-on never for ziti's 0)
    },
  );

  it(
    "the positional filter is the controller's to evaluate; rows are filtered, the verdict covers the " + 'cluster',
    async () => {
      const c = await start({ nodes: 3 });
      await c.kill('ctrl3');
      const { view } = await listJson([c.url('ctrl1')], ['isOnline = false']);
      expect(view.controllers.map((r) => r.id)).toEqual(['ctrl3']);
      expect(view.cluster.verdict).toBe('degraded');
    },
  );
});

describe('id order', () => {
  it('every format lists controllers in natural id order: ctrl-a, ctrl2, ctrl9, ctrl10', async () => {
    const c = await start({ controllers: [{ id: 'ctrl10' }, { id: 'ctrl9' }, { id: 'ctrl-a' }, { id: 'ctrl2' }] });
    const natural = ['ctrl-a', 'ctrl2', 'ctrl9', 'ctrl10'];
    const list = async (...args: string[]) =>
      (await runCli(['list', 'controllers', '-c', c.url('ctrl10'), '--color', 'never', ...args])).stdout;
    const { view } = await listJson([c.url('ctrl10')]);
    expect(view.controllers.map((r) => r.id)).toEqual(natural);
    expect(view.cluster.leaderClaimants.length).toBe(1);
    expect(view.controllers[0]!.views.replicas.map((r) => r.from)).toEqual(natural);
    const firstColumn = (text: string, row: RegExp) =>
      text
        .split(/\r?\n/)
        .filter((l) => row.test(l))
        .map((l) => l.split(/[\s,]/)[0]);
    expect(firstColumn(await list('-o', 'table'), /^ctrl\S* /)).toEqual(natural);
    expect(firstColumn(await list('-o', 'wide'), /^ctrl\S* /)).toEqual(natural);
    expect(firstColumn(await list('-o', 'plain'), /^ctrl/)).toEqual(natural);
    expect(firstColumn(await list('-o', 'csv'), /^ctrl/)).toEqual(natural);
    const yaml = parse(await list('-o', 'yaml'));
    expect(yaml.controllers.map((r: { id: string }) => r.id)).toEqual(natural);
    const online = [
      ...(await list('-o', 'prometheus')).matchAll(/^ziti_status_controller_online\{controller="([^"]+)"/gm),
    ];
    expect(online.map((m) => m[1])).toEqual(natural);
  });
});

describe('schema and progress', () => {
  it('`ziti-status schema` prints a JSON Schema that compiles and accepts a real view', async () => {
    const c = await start({ nodes: 3 });
    const schema = JSON.parse((await runCli(['schema'])).stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const { view } = await listJson([c.url('ctrl1')]);
    expect(validate(view)).toBe(true);
    expect(validate({ ...view, schemaVersion: 2 })).toBe(false);
  });

  it(
    'the published schema accepts fields a later release adds within schemaVersion 1, and still requires ' + 'the rest',
    async () => {
      const c = await start({ nodes: 3 });
      const validate = new Ajv2020({ strict: false }).compile(JSON.parse((await runCli(['schema'])).stdout));
      const { view } = await listJson([c.url('ctrl1')]);
      const [first, ...rest] = view.controllers;
      const added = {
        ...view,
        addedLater: true,
        cluster: { ...view.cluster, addedLater: 1, quorum: { ...view.cluster.quorum, addedLater: 'x' } },
        controllers: [
          {
            ...first,
            addedLater: null,
            views: { ...first!.views, addedLater: [] },
            flags: [{ code: 'slow', message: 'm', addedLater: 2 }],
          },
          ...rest,
        ],
      };
      expect(validate(added)).toBe(true);
      const { fingerprint: _dropped, ...withoutFingerprint } = first!;
      expect(validate({ ...view, controllers: [withoutFingerprint, ...rest] })).toBe(false);
      const { generatedAt: _gone, ...withoutTime } = view;
      expect(validate(withoutTime)).toBe(false);
      const { quorum: _q, ...clusterWithoutQuorum } = view.cluster;
      expect(validate({ ...view, cluster: clusterWithoutQuorum })).toBe(false);
    },
  );

  it('on a terminal a slow poll shows one progress line on stderr, erased before the table', async () => {
    const c = await start({ nodes: 3 });
    c.setLatency('ctrl2', 600);
    const { stderr, stdout } = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '--color', 'never'], {
      tty: true,
    });
    expect(stderr).toMatch(/polling controllers: \d\/\d answered/);
    expect(stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(stdout).toContain('verdict: HEALTHY');
    const piped = await runCli(['list', 'controllers', '-c', c.url('ctrl1')]);
    expect(piped.stderr).toBe('');
  });
});
