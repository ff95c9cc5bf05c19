// The member cache (src/run/member-cache.ts, src/poll-vouch.ts): a run asks last run's members at
// once, alongside the seeds, yet only this run's replicas decide who is a member.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnownMembers, memberCacheKey, saveKnownMembers } from '../src/run/member-cache.js';
import { deadPort } from '../src/sim/dead-port.js';
import { emptyDir, listJson } from './helpers/cli.js';
import { useSimCluster } from './helpers/sim-cluster.js';

const start = useSimCluster();
const CONTROLLERS = '/edge/management/v1/controllers';

const originOf = (url: string) => new URL(url).origin;
const cacheFile = (cache: string) => join(cache, 'ziti-status', 'members-v1.json');
const keyFor = (seeds: string[]) => memberCacheKey(seeds.map(originOf), {});

function cacheWith(entries: Record<string, string[]>): string {
  const cache = emptyDir();
  mkdirSync(join(cache, 'ziti-status'), { recursive: true });
  const clusters = Object.fromEntries(
    Object.entries(entries).map(([key, members]) => [key, { updatedAt: new Date().toISOString(), members }]),
  );
  writeFileSync(cacheFile(cache), JSON.stringify({ version: 1, clusters }));
  return cache;
}

function savedEntries(cache: string): Record<string, { members: string[] }> {
  return JSON.parse(readFileSync(cacheFile(cache), 'utf8')).clusters;
}

describe('the member cache', () => {
  it("asks a cached member before the seed's replica names it, and still finds a member added since", async () => {
    const c = await start({ nodes: 3 });
    // ctrl1 holds its replica until ctrl2 was asked: only a run that asks the cached ctrl2 at once gets it.
    let ctrl2Asked: () => void = () => {};
    const asked = new Promise<void>((resolve) => (ctrl2Asked = resolve));
    c.setRawHandler('ctrl2', (_req, _res, _socket, next) => {
      ctrl2Asked();
      next();
    });
    c.setRawHandler('ctrl1', (req, _res, _socket, next) => {
      if (req.url?.startsWith(CONTROLLERS)) void asked.then(() => next());
      else next();
    });
    // The cache knows ctrl2 only: ctrl3 joined after it was written.
    const cache = cacheWith({ [keyFor([c.url('ctrl1')])]: [originOf(c.url('ctrl2'))] });
    const { view, code, stderr } = await listJson([c.url('ctrl1')], ['--timeout', '20s'], {
      env: { XDG_CACHE_HOME: cache },
    });
    expect(stderr).toBe('');
    expect(view.controllers.map((r) => [r.id, r.status, r.flags])).toEqual([
      ['ctrl1', 'online', []],
      ['ctrl2', 'online', []],
      ['ctrl3', 'online', []],
    ]);
    expect(view.cluster.verdict).toBe('healthy');
    expect(code).toBe(0);
    // What this run's replicas publish is what the next run asks; only its owner may read the file.
    expect(savedEntries(cache)[keyFor([c.url('ctrl1')])]!.members).toEqual(
      ['ctrl1', 'ctrl2', 'ctrl3'].map((id) => originOf(c.url(id))).sort(),
    );
    expect(statSync(cacheFile(cache)).mode & 0o777).toBe(0o600);
  });

  it(
    "a cached origin this run's replicas do not publish is no row: a removed member's dead port, another " +
      'cluster answering as ctrl1 there, and a hung one the run does not wait for',
    async () => {
      const c = await start({ nodes: 3 });
      const stranger = await start({ nodes: 1 });
      const hung = await start({ nodes: 1 });
      hung.hang('ctrl1');
      const dead = `http://127.0.0.1:${await deadPort('127.0.0.1')}`;
      const key = keyFor([c.url('ctrl1')]);
      const cache = cacheWith({
        [key]: [originOf(c.url('ctrl2')), dead, originOf(stranger.url('ctrl1')), originOf(hung.url('ctrl1'))],
      });
      const { view, code, stderr } = await listJson([c.url('ctrl1')], ['--timeout', '60s'], {
        env: { XDG_CACHE_HOME: cache },
      });
      expect(stderr).toBe('');
      expect(view.controllers.map((r) => [r.id, r.status, r.address, r.flags])).toEqual(
        ['ctrl1', 'ctrl2', 'ctrl3'].map((id) => [id, 'online', originOf(c.url(id)), []]),
      );
      expect(view.cluster.notes).toEqual([]);
      expect(view.cluster.verdict).toBe('healthy');
      expect(code).toBe(0);
      // They were asked (that is the point of the cache), and their answers were dropped.
      expect(stranger.requestLog('ctrl1').length).toBeGreaterThan(0);
      expect(hung.requestLog('ctrl1').every((r) => r.status === null)).toBe(true);
      expect(savedEntries(cache)[key]!.members).toEqual(
        ['ctrl1', 'ctrl2', 'ctrl3'].map((id) => originOf(c.url(id))).sort(),
      );
    },
  );

  it('cached strangers that hang, more of them than the run asks at once, do not hold back the members', async () => {
    const c = await start({ nodes: 3 });
    const gone = await start({ nodes: 17 });
    for (const node of gone.nodes) gone.hang(node.id);
    const key = keyFor([c.url('ctrl1')]);
    const cache = cacheWith({ [key]: gone.nodes.map((n) => originOf(n.url)) });
    const { view, code } = await listJson([c.url('ctrl1')], ['--timeout', '60s'], { env: { XDG_CACHE_HOME: cache } });
    expect(view.controllers.map((r) => [r.id, r.status])).toEqual([
      ['ctrl1', 'online'],
      ['ctrl2', 'online'],
      ['ctrl3', 'online'],
    ]);
    expect(code).toBe(0);
  });

  it('no password, session or login goes to a cached address before a replica of this run publishes it', async () => {
    const c = await start({ nodes: 3, auth: 'legacy' });
    const stranger = await start({ nodes: 1, auth: 'legacy' });
    const key = keyFor([c.url('ctrl1')]);
    const cached = [originOf(c.url('ctrl2')), originOf(c.url('ctrl3')), originOf(stranger.url('ctrl1'))];
    const login = ['-u', 'admin', '--password-stdin'];
    // Logged in, with the seed up: the cached members are vouched for and read like discovered ones.
    const up = await listJson([c.url('ctrl1')], login, {
      stdin: 'admin',
      env: { XDG_CACHE_HOME: cacheWith({ [key]: cached }) },
    });
    expect(up.view.controllers.map((r) => [r.id, r.status, r.flags])).toEqual(
      ['ctrl1', 'ctrl2', 'ctrl3'].map((id) => [id, 'online', []]),
    );
    expect(stranger.requestLog('ctrl1').filter((r) => r.hasAuth || r.path.includes('authenticate'))).toEqual([]);
    // The seed refuses connections: no replica vouches for anyone, so a cached address must not get
    // the login the seed could not take, and the view is the one a run without the cache shows.
    await c.kill('ctrl1');
    const logLength = (id: string) => c.requestLog(id).length;
    const seen = {
      ctrl2: logLength('ctrl2'),
      ctrl3: logLength('ctrl3'),
      stranger: stranger.requestLog('ctrl1').length,
    };
    const down = await listJson([c.url('ctrl1')], login, {
      stdin: 'admin',
      env: { XDG_CACHE_HOME: cacheWith({ [key]: cached }) },
    });
    const withCredentials = (log: { path: string; hasAuth: boolean }[]) =>
      log.filter((r) => r.hasAuth || r.path.includes('authenticate'));
    expect(withCredentials(c.requestLog('ctrl2').slice(seen.ctrl2))).toEqual([]);
    expect(withCredentials(c.requestLog('ctrl3').slice(seen.ctrl3))).toEqual([]);
    expect(withCredentials(stranger.requestLog('ctrl1').slice(seen.stranger))).toEqual([]);
    const uncached = await listJson([c.url('ctrl1')], login, { stdin: 'admin', env: { XDG_CACHE_HOME: emptyDir() } });
    expect(down.view.controllers).toEqual(uncached.view.controllers);
    expect(down.code).toBe(uncached.code);
  });

  it('--no-discover asks only the given controllers: the cache is neither read nor written', async () => {
    const c = await start({ nodes: 3 });
    const key = keyFor([c.url('ctrl1')]);
    const cache = cacheWith({ [key]: [originOf(c.url('ctrl2'))] });
    const before = readFileSync(cacheFile(cache), 'utf8');
    const { view } = await listJson([c.url('ctrl1')], ['--no-discover'], { env: { XDG_CACHE_HOME: cache } });
    expect(c.requestLog('ctrl2')).toEqual([]);
    expect(view.controllers.filter((r) => r.address !== null).map((r) => r.id)).toEqual(['ctrl1']);
    expect(readFileSync(cacheFile(cache), 'utf8')).toBe(before);
  });

  it.each([
    ['not JSON', '{"version": 1, "clusters": ', /\(not valid JSON\)/],
    ['another version', '{"version": 2, "clusters": {}}', /\(not a version 1 member cache \(version: 2\)\)/],
    [
      'a member that is not an origin',
      JSON.stringify({ version: 1, clusters: { k: { updatedAt: '2026-12-01T00:00:00Z', members: ['file:///x'] } } }),
      /\(unexpected content at clusters\["k"\]\.members\)/,
    ],
  ])('a corrupt cache (%s) is ignored with one warning and rewritten', async (_what, content, reason) => {
    const c = await start({ nodes: 3 });
    const cache = emptyDir();
    mkdirSync(join(cache, 'ziti-status'), { recursive: true });
    writeFileSync(cacheFile(cache), content);
    const { view, code, stderr } = await listJson([c.url('ctrl1')], [], { env: { XDG_CACHE_HOME: cache } });
    expect(view.cluster.verdict).toBe('healthy');
    expect(code).toBe(0);
    const warnings = stderr.split('\n').filter(Boolean);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^ziti-status: warning: member cache .*members-v1\.json ignored /);
    expect(warnings[0]).toMatch(reason);
    expect(Object.keys(savedEntries(cache))).toEqual([keyFor([c.url('ctrl1')])]);
  });

  it('clusters reached through other seeds or other CAs keep entries of their own', async () => {
    const a = await start({ nodes: 3 });
    const b = await start({ nodes: 2 });
    const cache = emptyDir();
    const env = { XDG_CACHE_HOME: cache };
    await listJson([a.url('ctrl1')], [], { env });
    await listJson([b.url('ctrl1')], [], { env });
    await listJson([a.url('ctrl2')], [], { env });
    const saved = savedEntries(cache);
    const origins = (c: typeof a, ids: string[]) => ids.map((id) => originOf(c.url(id))).sort();
    expect(Object.keys(saved).sort()).toEqual(
      [keyFor([a.url('ctrl1')]), keyFor([b.url('ctrl1')]), keyFor([a.url('ctrl2')])].sort(),
    );
    expect(saved[keyFor([b.url('ctrl1')])]!.members).toEqual(origins(b, ['ctrl1', 'ctrl2']));
    expect(saved[keyFor([a.url('ctrl2')])]!.members).toEqual(origins(a, ['ctrl1', 'ctrl2', 'ctrl3']));
  });

  it('an unchanged entry is not rewritten within a day, then refreshed so that it never expires while in use', () => {
    const cache = emptyDir();
    const warnings: string[] = [];
    const store = { env: { XDG_CACHE_HOME: cache }, homeDir: emptyDir(), warn: (m: string) => warnings.push(m) };
    const members = ['https://a.example:1280', 'https://b.example:1280'];
    const day0 = new Date('2026-12-01T00:00:00Z');
    saveKnownMembers('k', members, day0, store);
    const written = readFileSync(cacheFile(cache), 'utf8');
    saveKnownMembers('k', members, new Date(day0.getTime() + 3600_000), store);
    expect(readFileSync(cacheFile(cache), 'utf8')).toBe(written);
    const day2 = new Date(day0.getTime() + 2 * 86_400_000);
    saveKnownMembers('k', members, day2, store);
    expect(JSON.parse(readFileSync(cacheFile(cache), 'utf8')).clusters.k.updatedAt).toBe(day2.toISOString());
    expect(loadKnownMembers('k', store)).toEqual(members);
    expect(loadKnownMembers('other', store)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('keys by the set of seeds and by the trusted CAs', () => {
    const seeds = ['https://a.example:1280', 'https://b.example:1280'];
    expect(memberCacheKey(seeds, {})).toBe(memberCacheKey([...seeds].reverse(), {}));
    const keys = [
      memberCacheKey(seeds, {}),
      memberCacheKey(seeds.slice(0, 1), {}),
      memberCacheKey(seeds, { ca: 'PEM one' }),
      memberCacheKey(seeds, { ca: 'PEM two' }),
      memberCacheKey(seeds, { insecure: true }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(memberCacheKey(seeds, { ca: 'PEM one' })).toBe(memberCacheKey(seeds, { ca: 'PEM one' }));
  });
});
