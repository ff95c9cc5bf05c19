// Latency history (window, stats, merge, deadlines) and its cache file: lenient loads, atomic saves under races and
// kill -9.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LatencyHistory,
  WINDOW,
  adaptiveDeadlineMs,
  slowThresholdMs,
  type LatencyStats,
} from '../../src/watch/latency-history.js';
import { latencyFilePath, loadLatencyHistory, saveLatencyHistory } from '../../src/watch/latency-store.js';
import { assertDistBuilt, killStrayChildren, startChild } from './fixtures/child-process.js';

const A = 'https://ctrl1.example:1280';
const B = 'https://ctrl2.example:1280';
const T0 = new Date('2030-01-01T00:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

const dirs: string[] = [];
async function tempHome(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zs-latency-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  killStrayChildren();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Store options rooted in a temp home, collecting warnings instead of printing them. */
function storeOpts(homeDir: string) {
  const warnings: string[] = [];
  return { warnings, opts: { env: {}, homeDir, warn: (m: string) => warnings.push(m) } };
}

function historyOf(origin: string, samples: number[], at = T0): LatencyHistory {
  const h = LatencyHistory.from();
  for (const ms of samples) h.record(origin, ms, at);
  return h;
}

/**
 * Loads the file over and over until `until` settles, as a second run would: a save must never show it a partial file.
 */
async function loadWhile(homeDir: string, until: Promise<unknown>): Promise<{ loads: number; warnings: string[] }> {
  let done = false;
  void until.finally(() => (done = true));
  const { warnings, opts } = storeOpts(homeDir);
  let loads = 0;
  while (!done) {
    await loadLatencyHistory(opts);
    loads++;
  }
  return { loads, warnings };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('LatencyHistory', () => {
  it('keeps only the last WINDOW samples: the mean is a moving average and p99 is nearest-rank', () => {
    const h = historyOf(A, range(1, 60));
    expect(WINDOW).toBe(50);
    expect(h.stats(A)).toMatchObject({ samples: 50, meanMs: 35.5, p99Ms: 60 });
    expect(h.serialize().controllers[A]?.samples).toEqual(range(11, 60));
  });

  it('p99 by nearest rank picks the ceil(0.99 n)-th smallest, and one outlier sets it', () => {
    expect(historyOf(A, [30, 10, 50, 20, 40]).stats(A)).toMatchObject({ samples: 5, meanMs: 30, p99Ms: 50 });
    const h = historyOf(A, [...range(1, 49).map(() => 10), 900]);
    expect(h.stats(A)).toMatchObject({ samples: 50, meanMs: (49 * 10 + 900) / 50, p99Ms: 900 });
  });

  it('has no stats for an origin never recorded, and drops non-finite or negative samples', () => {
    expect(LatencyHistory.from().stats(A)).toMatchObject({ samples: 0, meanMs: null, p99Ms: null });
    const h = historyOf(A, [Number.NaN, Number.POSITIVE_INFINITY, -1, 12]);
    expect(h.stats(A)).toMatchObject({ samples: 1, meanMs: 12, p99Ms: 12 });
  });

  it('serializes origins in sorted order with the last update time, and from() restores it', () => {
    const h = LatencyHistory.from();
    h.record(B, 5, T0);
    h.record(A, 7, later(1000));
    const serialized = h.serialize();
    expect(Object.keys(serialized.controllers)).toEqual([A, B]);
    expect(serialized).toEqual({
      version: 1,
      controllers: {
        [A]: { samples: [7], updatedAt: '2030-01-01T00:00:01.000Z' },
        [B]: { samples: [5], updatedAt: '2030-01-01T00:00:00.000Z' },
      },
    });
    expect(LatencyHistory.from(serialized).serialize()).toEqual(serialized);
  });

  it('from() trims an over-long window to the last WINDOW samples', () => {
    const h = LatencyHistory.from({
      version: 1,
      controllers: { [A]: { samples: range(1, 80), updatedAt: T0.toISOString() } },
    });
    expect(h.stats(A).samples).toBe(WINDOW);
    expect(h.serialize().controllers[A]?.samples[0]).toBe(31);
  });

  it(
    'merge: per origin the newer updatedAt wins, a tie or an unparseable time keeps ours, unknown origins ' +
      'are added',
    () => {
      const ours = historyOf(A, [1, 1], later(5000));
      ours.record(B, 2, later(5000));
      ours.merge({
        version: 1,
        controllers: {
          [A]: { samples: [9, 9, 9], updatedAt: later(6000).toISOString() },
          [B]: { samples: [8], updatedAt: later(5000).toISOString() },
          'https://ctrl3.example:1280': { samples: [3], updatedAt: T0.toISOString() },
        },
      });
      ours.merge({ version: 1, controllers: { [B]: { samples: [7], updatedAt: 'not a time' } } });
      const merged = ours.serialize().controllers;
      expect(merged[A]).toEqual({ samples: [9, 9, 9], updatedAt: later(6000).toISOString() });
      expect(merged[B]?.samples).toEqual([2]);
      expect(merged['https://ctrl3.example:1280']?.samples).toEqual([3]);
    },
  );
});

describe('LatencyHistory.prune', () => {
  const DAY = 24 * 3600 * 1000;
  const at = (daysAgo: number) => new Date(Date.UTC(2026, 11, 1) - daysAgo * DAY);
  const origin = (i: number) => `https://ctrl${i}.example:1280`;

  it('forgets controllers not heard from within maxAgeMs of the newest one', () => {
    const h = LatencyHistory.from();
    h.record(origin(1), 10, at(0));
    h.record(origin(2), 10, at(6.9));
    h.record(origin(3), 10, at(7.1));
    h.prune({ maxEntries: 10, maxAgeMs: 7 * DAY });
    expect(Object.keys(h.serialize().controllers)).toEqual([origin(1), origin(2)]);
  });

  it('keeps only the maxEntries most recently heard', () => {
    const h = LatencyHistory.from();
    for (let i = 0; i < 5; i++) h.record(origin(i), 10, at(i));
    h.prune({ maxEntries: 3, maxAgeMs: 30 * DAY });
    expect(Object.keys(h.serialize().controllers)).toEqual([origin(0), origin(1), origin(2)]);
  });
});

describe('adaptiveDeadlineMs and slowThresholdMs', () => {
  const stats = (meanMs: number | null, p99Ms: number | null, samples = 10): LatencyStats => ({
    samples,
    meanMs,
    p99Ms,
    p90Ms: p99Ms,
  });

  it('deadline is base + 2 x mean when dynamic, clamped to maxMs', () => {
    expect(adaptiveDeadlineMs(2000, stats(150, 400), { dynamic: true, maxMs: 10_000 })).toBe(2300);
    expect(adaptiveDeadlineMs(2000, stats(0.2, 1), { dynamic: true, maxMs: 10_000 })).toBe(2001);
    expect(adaptiveDeadlineMs(2000, stats(9000, 9000), { dynamic: true, maxMs: 10_000 })).toBe(10_000);
  });

  it('deadline is the base when dynamic is off, without history, or when maxMs is below the base', () => {
    expect(adaptiveDeadlineMs(2000, stats(150, 400), { dynamic: false, maxMs: 10_000 })).toBe(2000);
    expect(adaptiveDeadlineMs(2000, stats(null, null, 0), { dynamic: true, maxMs: 10_000 })).toBe(2000);
    expect(adaptiveDeadlineMs(2000, stats(150, 400), { dynamic: true, maxMs: 1000 })).toBe(2000);
  });

  it('one late answer in the window does not lift the slow threshold (p90, not the p99 that is its maximum)', () => {
    const h = LatencyHistory.from();
    for (let i = 0; i < 49; i++) h.record(A, 100, new Date());
    h.record(A, 900, new Date());
    expect(h.stats(A)).toMatchObject({ p99Ms: 900, p90Ms: 100 });
    expect(slowThresholdMs(h.stats(A))).toBe(250);
  });

  it('slow threshold: none under 5 samples, else max(250 ms, factor x p90)', () => {
    expect(slowThresholdMs(stats(10, 20, 4))).toBeNull();
    expect(slowThresholdMs(stats(null, null, 0))).toBeNull();
    expect(slowThresholdMs(stats(10, 20, 5))).toBe(250);
    expect(slowThresholdMs(stats(100, 400, 50))).toBe(800);
    expect(slowThresholdMs(stats(100, 400, 50), 5)).toBe(2000);
  });
});

describe('latencyFilePath', () => {
  it('uses an absolute XDG_CACHE_HOME, else <home>/.cache (a relative or empty one is ignored)', () => {
    expect(latencyFilePath({ XDG_CACHE_HOME: '/var/cache/me' }, '/home/u')).toBe(
      '/var/cache/me/ziti-status/latency-v1.json',
    );
    expect(latencyFilePath({}, '/home/u')).toBe('/home/u/.cache/ziti-status/latency-v1.json');
    expect(latencyFilePath({ XDG_CACHE_HOME: 'rel/cache' }, '/home/u')).toBe(
      '/home/u/.cache/ziti-status/latency-v1.json',
    );
    expect(latencyFilePath({ XDG_CACHE_HOME: '' }, '/home/u')).toBe('/home/u/.cache/ziti-status/latency-v1.json');
  });
});

describe('loadLatencyHistory and saveLatencyHistory', () => {
  beforeAll(assertDistBuilt);

  it('round-trips through the file under XDG_CACHE_HOME, creating the directory and leaving no temp file', async () => {
    const home = await tempHome();
    const cache = join(home, 'xdg-cache');
    const warnings: string[] = [];
    const opts = { env: { XDG_CACHE_HOME: cache }, homeDir: home, warn: (m: string) => warnings.push(m) };
    const h = historyOf(A, [10, 20, 30]);
    await saveLatencyHistory(h, opts);
    expect(await readdir(join(cache, 'ziti-status'))).toEqual(['latency-v1.json']);
    const loaded = await loadLatencyHistory(opts);
    expect(loaded.serialize()).toEqual(h.serialize());
    expect(loaded.stats(A)).toMatchObject({ samples: 3, meanMs: 20, p99Ms: 30 });
    expect(warnings).toEqual([]);
  });

  it('keeps the file to the 256 controllers heard from most recently', async () => {
    const { warnings, opts } = storeOpts(await tempHome());
    const h = LatencyHistory.from();
    for (let i = 0; i < 300; i++)
      h.record(`https://ctrl${i}.example:1280`, 10, new Date(Date.UTC(2026, 11, 1, 0, 0, i)));
    await saveLatencyHistory(h, opts);
    const kept = Object.keys((await loadLatencyHistory(opts)).serialize().controllers);
    expect(kept).toHaveLength(256);
    expect(kept).toContain('https://ctrl299.example:1280');
    expect(kept).not.toContain('https://ctrl43.example:1280');
    expect(warnings).toEqual([]);
  });

  it('a missing file is an empty history without a warning', async () => {
    const { warnings, opts } = storeOpts(await tempHome());
    expect((await loadLatencyHistory(opts)).serialize()).toEqual({ version: 1, controllers: {} });
    expect(warnings).toEqual([]);
  });

  it.each([
    ['corrupt JSON', '{"version":1,"controllers":{', /not valid JSON/],
    ['foreign JSON', '{"hello":"world"}', /not a version 1 latency history/],
    ['another version', '{"version":2,"controllers":{}}', /version: 2/],
    [
      'a wrong shape',
      '{"version":1,"controllers":{"x":{"samples":["fast"],"updatedAt":"t"}}}',
      /unexpected content at controllers\.x\.samples\.0/,
    ],
    ['an empty file', '', /not valid JSON/],
  ])(
    '%s: an empty history and exactly one warning naming the file, never an exception',
    async (_what, text, reason) => {
      const home = await tempHome();
      const path = latencyFilePath({}, home);
      await mkdir(join(home, '.cache', 'ziti-status'), { recursive: true });
      await writeFile(path, text);
      const { warnings, opts } = storeOpts(home);
      expect((await loadLatencyHistory(opts)).serialize().controllers).toEqual({});
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(path);
      expect(warnings[0]).toMatch(reason);
    },
  );

  it('saving over a corrupt file replaces it silently (loading already warned)', async () => {
    const home = await tempHome();
    await mkdir(join(home, '.cache', 'ziti-status'), { recursive: true });
    await writeFile(latencyFilePath({}, home), 'garbage');
    const { warnings, opts } = storeOpts(home);
    await saveLatencyHistory(historyOf(A, [5]), opts);
    expect(warnings).toEqual([]);
    expect((await loadLatencyHistory(opts)).stats(A).samples).toBe(1);
  });

  it('a failing save is one warning, never an exception', async () => {
    const home = await tempHome();
    await writeFile(join(home, '.cache'), 'a file where the cache directory should be');
    const { warnings, opts } = storeOpts(home);
    await expect(saveLatencyHistory(historyOf(A, [5]), opts)).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('could not save the latency cache');
    expect(warnings[0]).toContain(latencyFilePath({}, home));
  });

  it(
    'saving merges what another run wrote: its other origins stay, its newer samples win, ours are not ' + 'modified',
    async () => {
      const home = await tempHome();
      const { warnings, opts } = storeOpts(home);
      const other = historyOf(B, [40], later(1000));
      other.record(A, 99, later(9000));
      await saveLatencyHistory(other, opts);
      const ours = historyOf(A, [1, 2, 3], later(2000));
      await saveLatencyHistory(ours, opts);
      const onDisk = (await loadLatencyHistory(opts)).serialize().controllers;
      expect(onDisk[B]?.samples).toEqual([40]);
      expect(onDisk[A]?.samples).toEqual([99]);
      expect(ours.serialize().controllers[B]).toBeUndefined();
      expect(warnings).toEqual([]);
    },
  );

  it('many saves at once in one process leave one whole, valid file and no temp files', async () => {
    const home = await tempHome();
    const { warnings, opts } = storeOpts(home);
    const origins = range(1, 20).map((i) => `https://ctrl${i}.example:1280`);
    await Promise.all(origins.map((o, i) => saveLatencyHistory(historyOf(o, range(1, 50), later(i)), opts)));
    const loaded = await loadLatencyHistory(opts);
    expect(warnings).toEqual([]);
    const saved = Object.keys(loaded.serialize().controllers);
    expect(saved.length).toBeGreaterThan(0);
    for (const o of saved) expect(loaded.stats(o)).toMatchObject({ samples: 50, meanMs: 25.5, p99Ms: 50 });
    expect(await readdir(join(home, '.cache', 'ziti-status'))).toEqual(['latency-v1.json']);
  });

  it('several processes saving concurrently never leave a corrupt or partial file', async () => {
    const home = await tempHome();
    const tags = ['p1', 'p2', 'p3', 'p4'];
    const children = tags.map((tag) => startChild('latency-saver.mjs', [home, tag, '25', '50'], home));
    const allExited = Promise.all(children.map((c) => c.exited));
    // Once the first save is done the file exists; from then on every load must find it whole.
    await Promise.race(children.map((c) => c.reached(1)));
    const reader = await loadWhile(home, allExited);
    const results = await allExited;
    expect(reader.warnings).toEqual([]);
    expect(reader.loads).toBeGreaterThan(0);
    for (const r of results) expect(r).toEqual({ code: 0, signal: null, stderr: '' });
    const { warnings, opts } = storeOpts(home);
    const loaded = (await loadLatencyHistory(opts)).serialize().controllers;
    expect(warnings).toEqual([]);
    const origins = Object.keys(loaded);
    // Last rename wins, so some runs' newest samples may be lost; but whatever is there is whole.
    expect(origins.length).toBeGreaterThanOrEqual(50);
    for (const origin of origins) {
      expect(origin).toMatch(/^https:\/\/p[1-4]-\d+\.example:1280$/);
      expect(loaded[origin]?.samples).toHaveLength(50);
    }
    expect(await readdir(join(home, '.cache', 'ziti-status'))).toEqual(['latency-v1.json']);
  });

  it('a process killed with SIGKILL while saving in a tight loop leaves a readable file', async () => {
    const home = await tempHome();
    const child = startChild('latency-saver.mjs', [home, 'k', 'forever', '200'], home);
    await child.reached(1);
    const reader = await loadWhile(home, child.reached(30));
    expect(reader.warnings).toEqual([]);
    child.process.kill('SIGKILL');
    const exit = await child.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(exit.stderr).toBe('');
    const { warnings, opts } = storeOpts(home);
    const loaded = await loadLatencyHistory(opts);
    expect(warnings).toEqual([]);
    expect(Object.keys(loaded.serialize().controllers)).toHaveLength(200);
    expect(loaded.stats('https://k-0.example:1280').samples).toBe(50);
    // The only litter a kill can leave is an unrenamed temp file beside it, never a torn cache file.
    const names = await readdir(join(home, '.cache', 'ziti-status'));
    expect(names).toContain('latency-v1.json');
    for (const name of names.filter((n) => n !== 'latency-v1.json'))
      expect(name).toMatch(/^\.latency-v1\.json\.\d+\.[0-9a-z]+\.tmp$/);
    expect(JSON.parse(await readFile(latencyFilePath({}, home), 'utf8'))).toHaveProperty('version', 1);
  });
});
