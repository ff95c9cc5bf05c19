// Audit events from view diffs (order, evidence, appearing controllers) and the JSON-lines log under kill -9 and two
// writers.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/errors.js';
import type { ClusterView, ControllerRow, Flag } from '../../src/model.js';
import { diffViews, type AuditEvent } from '../../src/watch/audit-events.js';
import { AuditLog, readAuditLog } from '../../src/watch/audit-log.js';
import { assertDistBuilt, killStrayChildren, startChild } from './fixtures/child-process.js';

const T1 = '2030-01-01T00:00:00.000Z';
const T2 = '2030-01-01T00:00:05.000Z';

function row(id: string, overrides: Partial<ControllerRow> = {}): ControllerRow {
  return {
    id,
    name: id,
    status: 'online',
    reachable: true,
    latencyMs: 3,
    isLeader: false,
    isPreferredLeader: false,
    lastJoinedAt: T1,
    lastAnsweredAt: T1,
    address: `https://${id}.example:1280`,
    fingerprint: null,
    spiffeId: null,
    version: 'v1.6.0',
    certExpiresAt: null,
    voter: true,
    flags: [],
    error: null,
    views: { consensus: { isOnline: true, lastJoinedAt: T1 }, replicas: [], agreeing: 0, leaderSeesConnected: true },
    raftIndex: 120,
    lagEntries: 0,
    ...overrides,
  };
}

function view(
  controllers: ControllerRow[],
  cluster: Partial<ClusterView['cluster']> = {},
  generatedAt = T2,
): ClusterView {
  return {
    schemaVersion: 1,
    generatedAt,
    cluster: {
      verdict: 'healthy',
      leader: 'ctrl1',
      leaderClaimants: ['ctrl1'],
      quorum: {
        voters: controllers.length,
        needed: Math.floor(controllers.length / 2) + 1,
        reachable: controllers.length,
        verified: true,
      },
      consensus: 'leader',
      consensusReplicaFrom: 'ctrl1',
      reasons: [],
      notes: [],
      earliestCertExpiry: null,
      elections: null,
      ...cluster,
    },
    controllers,
  };
}

const flag = (code: Flag['code'], message: string): Flag => ({ code, message });
const healthy = () => view([row('ctrl1', { isLeader: true }), row('ctrl2'), row('ctrl3')], {}, T1);
const shortly = (events: AuditEvent[]) =>
  events.map((e) => `${e.kind} ${'controller' in e ? e.controller : ''} ${'flag' in e ? e.flag : ''}`.trim());

describe('diffViews', () => {
  it(
    'the first view reports the verdict, the leader, then every controller by id with its status and ' + 'raised flags',
    () => {
      const first = view(
        [
          row('ctrl3', {
            status: 'offline',
            reachable: false,
            flags: [flag('unreachable', 'no HTTP exchange succeeded: refused'), flag('disagree', 'replicas disagree')],
          }),
          row('ctrl1', { isLeader: true }),
          row('ctrl2', { status: 'unknown', error: 'not polled: no address known for it' }),
        ],
        { verdict: 'degraded', reasons: ['not healthy: ctrl3 offline'] },
      );
      const events = diffViews(null, first);
      expect(events).toEqual([
        { time: T2, kind: 'verdict', before: null, after: 'degraded', evidence: 'not healthy: ctrl3 offline' },
        { time: T2, kind: 'leader', before: null, after: 'ctrl1', evidence: 'not healthy: ctrl3 offline' },
        {
          time: T2,
          kind: 'status',
          controller: 'ctrl1',
          before: null,
          after: 'online',
          evidence: 'answered and the leader sees it',
        },
        {
          time: T2,
          kind: 'status',
          controller: 'ctrl2',
          before: null,
          after: 'unknown',
          evidence: 'not polled: no address known for it',
        },
        {
          time: T2,
          kind: 'status',
          controller: 'ctrl3',
          before: null,
          after: 'offline',
          evidence: 'no HTTP exchange succeeded: refused; replicas disagree',
        },
        { time: T2, kind: 'flag-raised', controller: 'ctrl3', flag: 'disagree', evidence: 'replicas disagree' },
        {
          time: T2,
          kind: 'flag-raised',
          controller: 'ctrl3',
          flag: 'unreachable',
          evidence: 'no HTTP exchange succeeded: refused',
        },
      ]);
    },
  );

  it('a healthy first view still records verdict and leader, with the quorum-backed evidence', () => {
    const events = diffViews(null, healthy());
    expect(events.slice(0, 2)).toEqual([
      { time: T1, kind: 'verdict', before: null, after: 'healthy', evidence: 'consensus leader backed by a quorum' },
      { time: T1, kind: 'leader', before: null, after: 'ctrl1', evidence: 'consensus leader backed by a quorum' },
    ]);
    expect(shortly(events)).toEqual(['verdict', 'leader', 'status ctrl1', 'status ctrl2', 'status ctrl3']);
  });

  it('nothing changed, nothing to report (a new generatedAt alone is no event)', () => {
    expect(diffViews(healthy(), view(healthy().controllers, {}, T2))).toEqual([]);
  });

  it('a status change carries the flags that explain it; a flag raised carries its message', () => {
    const after = view(
      [
        row('ctrl1', { isLeader: true }),
        row('ctrl2', { status: 'offline', reachable: false, flags: [flag('unreachable', 'timeout after 2000 ms')] }),
        row('ctrl3'),
      ],
      {
        verdict: 'degraded',
        reasons: ['ctrl2 offline'],
      },
    );
    expect(diffViews(healthy(), after)).toEqual([
      { time: T2, kind: 'verdict', before: 'healthy', after: 'degraded', evidence: 'ctrl2 offline' },
      {
        time: T2,
        kind: 'status',
        controller: 'ctrl2',
        before: 'online',
        after: 'offline',
        evidence: 'timeout after 2000 ms',
      },
      { time: T2, kind: 'flag-raised', controller: 'ctrl2', flag: 'unreachable', evidence: 'timeout after 2000 ms' },
    ]);
  });

  it('without flags, a status change is explained by the error', () => {
    const after = view([
      row('ctrl1', { isLeader: true }),
      row('ctrl2', { status: 'unknown', error: 'dns: ENOTFOUND' }),
      row('ctrl3'),
    ]);
    expect(diffViews(healthy(), after)).toEqual([
      { time: T2, kind: 'status', controller: 'ctrl2', before: 'online', after: 'unknown', evidence: 'dns: ENOTFOUND' },
    ]);
  });

  it('a cleared flag carries its last message; a flag that stays raised with new wording is no event', () => {
    const before = view(
      [
        row('ctrl1', { isLeader: true }),
        row('ctrl2', { flags: [flag('stale-view', 'old wording'), flag('auth', 'members: 403')] }),
      ],
      {},
      T1,
    );
    const after = view([
      row('ctrl1', { isLeader: true }),
      row('ctrl2', { flags: [flag('auth', 'members: 403, replica: 403')] }),
    ]);
    expect(diffViews(before, after)).toEqual([
      { time: T2, kind: 'flag-cleared', controller: 'ctrl2', flag: 'stale-view', evidence: 'old wording' },
    ]);
  });

  it('a leader change names both leaders and the cluster reasons joined with "; "', () => {
    const after = view([row('ctrl1'), row('ctrl2', { isLeader: true }), row('ctrl3')], {
      leader: 'ctrl2',
      verdict: 'degraded',
      reasons: ['ctrl1 is lagging', 'ctrl3 disagrees'],
    });
    const events = diffViews(healthy(), after);
    expect(events).toEqual([
      {
        time: T2,
        kind: 'verdict',
        before: 'healthy',
        after: 'degraded',
        evidence: 'ctrl1 is lagging; ctrl3 disagrees',
      },
      { time: T2, kind: 'leader', before: 'ctrl1', after: 'ctrl2', evidence: 'ctrl1 is lagging; ctrl3 disagrees' },
    ]);
  });

  it('losing the leader: leader null, verdict critical, with the reasons', () => {
    const after = view([row('ctrl1', { flags: [flag('stale', 'no consensus leader')] })], {
      leader: null,
      verdict: 'critical',
      reasons: ['no controller claims leadership'],
    });
    const before = view([row('ctrl1', { isLeader: true })], {}, T1);
    expect(shortly(diffViews(before, after))).toEqual(['verdict', 'leader', 'flag-raised ctrl1 stale']);
    expect(diffViews(before, after)[1]).toEqual({
      time: T2,
      kind: 'leader',
      before: 'ctrl1',
      after: null,
      evidence: 'no controller claims leadership',
    });
  });

  it(
    'a controller that appears has status null before; one that disappears has null after and its flags ' + 'cleared',
    () => {
      const before = view(
        [row('ctrl1', { isLeader: true }), row('ctrl2', { flags: [flag('not-member', 'no live view lists it')] })],
        {},
        T1,
      );
      const after = view([
        row('ctrl1', { isLeader: true }),
        row('ctrl4', { flags: [flag('identity', 'address also published for ctrl1')] }),
      ]);
      expect(diffViews(before, after)).toEqual([
        {
          time: T2,
          kind: 'status',
          controller: 'ctrl2',
          before: 'online',
          after: null,
          evidence: expect.stringContaining('no longer in the view'),
        },
        { time: T2, kind: 'flag-cleared', controller: 'ctrl2', flag: 'not-member', evidence: 'no live view lists it' },
        {
          time: T2,
          kind: 'status',
          controller: 'ctrl4',
          before: null,
          after: 'online',
          evidence: 'address also published for ctrl1',
        },
        {
          time: T2,
          kind: 'flag-raised',
          controller: 'ctrl4',
          flag: 'identity',
          evidence: 'address also published for ctrl1',
        },
      ]);
    },
  );

  it(
    'the order depends only on the views: rows by id in natural order (ctrl2 before ctrl10), flag events ' +
      'by code, whatever order the rows and flags come in',
    () => {
      const flags = [flag('stale-view', 's'), flag('auth', 'a'), flag('unhealthy', 'u'), flag('disagree', 'd')];
      const rows = ['ctrl10', 'ctrl2', 'Ctrl9', 'ctrl1'].map((id) => row(id, { flags }));
      const events = diffViews(null, view(rows));
      expect(diffViews(null, view([...rows].reverse()))).toEqual(events);
      const flagsReversed = diffViews(null, view(rows.map((r) => ({ ...r, flags: [...r.flags].reverse() }))));
      expect(flagsReversed.filter((e) => e.kind !== 'status')).toEqual(events.filter((e) => e.kind !== 'status'));
      expect(shortly(events).slice(2, 7)).toEqual([
        'status Ctrl9',
        'flag-raised Ctrl9 auth',
        'flag-raised Ctrl9 disagree',
        'flag-raised Ctrl9 stale-view',
        'flag-raised Ctrl9 unhealthy',
      ]);
      expect(events.filter((e) => e.kind === 'status').map((e) => (e.kind === 'status' ? e.controller : ''))).toEqual([
        'Ctrl9',
        'ctrl1',
        'ctrl2',
        'ctrl10',
      ]);
      // A status's evidence keeps the row's own flag order: reconcile puts the primary failure first.
      expect(events[2]).toMatchObject({ kind: 'status', evidence: 's; a; u; d' });
    },
  );
});

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zs-audit-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  killStrayChildren();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function openError(path: string): UsageError {
  try {
    AuditLog.open(path).close();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`expected AuditLog.open(${path}) to fail`);
}

describe('AuditLog and readAuditLog', () => {
  beforeAll(assertDistBuilt);

  it('appends one JSON line per event, keeps what was there, and reads back the same events', async () => {
    const path = join(await tempDir(), 'audit.jsonl');
    const first = diffViews(null, healthy());
    const log = AuditLog.open(path);
    log.append(first);
    log.close();
    log.close(); // idempotent
    expect(() => log.append(first)).toThrow(/closed/);
    const second = diffViews(healthy(), view([row('ctrl1', { isLeader: true })]));
    const again = AuditLog.open(path);
    again.append(second);
    again.append([]);
    again.close();
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(first.length + second.length + 1);
    expect(readAuditLog(text)).toEqual({ events: [...first, ...second], tornLines: 0 });
  });

  it('works on a device that cannot be synced, such as /dev/null', () => {
    const log = AuditLog.open('/dev/null');
    log.append(diffViews(null, healthy()));
    expect(() => log.close()).not.toThrow();
  });

  it(
    'open fails with a UsageError naming the path: ' + 'missing directory, a directory, a file as a directory',
    async () => {
      const dir = await tempDir();
      const missing = join(dir, 'nope', 'audit.jsonl');
      expect(openError(missing).message).toMatch(
        new RegExp(`${missing}.*the directory ${join(dir, 'nope')} does not exist`),
      );
      expect(openError(dir).message).toMatch(new RegExp(`${dir}.*it is a directory`));
      await writeFile(join(dir, 'file'), '');
      expect(openError(join(dir, 'file', 'audit.jsonl')).message).toContain('is not a directory');
    },
  );

  it('readAuditLog skips and counts a torn last line, and lines that are not events', () => {
    const events = diffViews(null, healthy());
    const whole = events.map((e) => `${JSON.stringify(e)}\n`).join('');
    expect(readAuditLog('')).toEqual({ events: [], tornLines: 0 });
    expect(readAuditLog(`${whole}{"time":"2030-01-01T00:0`)).toEqual({ events, tornLines: 1 });
    expect(readAuditLog(`${whole}{"kind":"mystery"}\n`)).toEqual({ events, tornLines: 1 });
    // A last line that lost only its newline is still a whole event.
    expect(readAuditLog(whole.slice(0, -1))).toEqual({ events, tornLines: 0 });
  });

  it('reopening after a torn last line starts a fresh line, so only the fragment is lost', async () => {
    const path = join(await tempDir(), 'audit.jsonl');
    const events = diffViews(null, healthy());
    await writeFile(path, `${JSON.stringify(events[0])}\n{"time":"2030-01-01T00:0`);
    const log = AuditLog.open(path);
    log.append(events.slice(1));
    log.close();
    expect(readAuditLog(await readFile(path, 'utf8'))).toEqual({ events, tornLines: 1 });
  });

  it('kill -9 during a tight append loop leaves only whole lines (at most a torn last one)', async () => {
    const dir = await tempDir();
    const path = join(dir, 'audit.jsonl');
    const child = startChild('audit-appender.mjs', [path, 'k', 'forever', '8192'], dir);
    await child.reached(300);
    child.process.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    const text = await readFile(path, 'utf8');
    const { events, tornLines } = readAuditLog(text);
    expect(tornLines).toBeLessThanOrEqual(1);
    if (tornLines === 1) expect(text.endsWith('\n')).toBe(false);
    // Every whole line is there, in order: nothing lost in the middle.
    expect(events.length).toBeGreaterThanOrEqual(300);
    for (const [i, e] of events.entries())
      expect(e).toMatchObject({
        kind: 'status',
        controller: 'k',
        evidence: expect.stringMatching(new RegExp(`^k ${i + 1} x{8192}$`)),
      });
  });

  it('two processes appending at once produce only whole lines, each in its own order', async () => {
    const dir = await tempDir();
    const path = join(dir, 'audit.jsonl');
    await mkdir(dir, { recursive: true });
    const children = ['a', 'b'].map((tag) => startChild('audit-appender.mjs', [path, tag, '2000', '3000'], dir));
    for (const r of await Promise.all(children.map((c) => c.exited)))
      expect(r).toEqual({ code: 0, signal: null, stderr: '' });
    const { events, tornLines } = readAuditLog(await readFile(path, 'utf8'));
    expect(tornLines).toBe(0);
    expect(events).toHaveLength(4000);
    for (const tag of ['a', 'b']) {
      const numbers = events.flatMap((e) =>
        e.kind === 'status' && e.controller === tag ? [Number(e.evidence.split(' ')[1])] : [],
      );
      expect(numbers).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    }
  });
});
