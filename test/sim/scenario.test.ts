// Scenario validation, file loading, and the built-in scenarios mirrored by src/sim/scenarios/*.json.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  BUILTIN_SCENARIO_NAMES,
  ScenarioError,
  builtinScenario,
  loadScenarioFile,
  parseScenario,
  type BuiltinScenarioName,
} from '../../src/sim/index.js';

const SCENARIO_DIR = resolve(process.cwd(), 'src/sim/scenarios');

const errorOf = (input: unknown): string => {
  try {
    parseScenario(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as Error).message;
  }
  throw new Error('expected a ScenarioError');
};

describe('parseScenario', () => {
  it('expands nodes: N into ctrl1..ctrlN with ctrl1 the preferred leader and every default', () => {
    const s = parseScenario({ nodes: 3 });
    expect(s.controllers.map((c) => [c.id, c.name, c.preferredLeader])).toEqual([
      ['ctrl1', 'ctrl1', true],
      ['ctrl2', 'ctrl2', false],
      ['ctrl3', 'ctrl3', false],
    ]);
    expect(s.controllers[1]).toMatchObject({
      version: 'v2.0.3',
      voter: true,
      readOnly: false,
      removed: false,
      clockSkewMs: 0,
    });
    expect(s.controllers[1]?.faults).toEqual({
      down: false,
      hung: false,
      latencyMs: 0,
      jitterMs: 0,
      partitionedFrom: [],
      lagging: false,
      claimsLeadership: false,
      responses: {},
    });
    expect(s).toMatchObject({
      leader: 'ctrl1',
      fullMesh: false,
      electionTimeoutMs: 5000,
      leaderLeaseTimeoutMs: 3000,
      closeUnresponsiveTimeoutMs: 30000,
      pageLimitMax: 500,
      steps: [],
    });
  });

  it('defaults the leader to the preferred leader, else the first voting member', () => {
    expect(parseScenario({ controllers: [{ id: 'a' }, { id: 'b', preferredLeader: true }] }).leader).toBe('b');
    expect(
      parseScenario({ controllers: [{ id: 'a', removed: true }, { id: 'b', voter: false }, { id: 'c' }] }).leader,
    ).toBe('c');
  });

  it(
    'defaults authentication to none with admin/admin, ' +
      '30 min tokens, 24 h refresh tokens, per-controller sessions',
    () => {
      const s = parseScenario({ nodes: 1 });
      expect(s).toMatchObject({
        auth: 'none',
        users: [{ username: 'admin', password: 'admin', admin: true }],
        tokenTtlMs: 1_800_000,
        refreshTtlMs: 86_400_000,
        sharedSessions: false,
      });
      const custom = parseScenario({
        nodes: 1,
        auth: 'oidc',
        users: [{ username: 'viewer', password: 'pw', admin: false }],
      });
      expect(custom.users).toEqual([{ username: 'viewer', password: 'pw', admin: false }]);
      // A redirect fault names its Location.
      const redirect = parseScenario({
        controllers: [
          { id: 'a', faults: { responses: { controllers: { status: 302, location: 'https://elsewhere.example/x' } } } },
        ],
      });
      expect(redirect.controllers[0]?.faults.responses.controllers).toEqual({
        status: 302,
        location: 'https://elsewhere.example/x',
      });
    },
  );

  it('is idempotent on its own output', () => {
    const s = parseScenario({ nodes: 2, steps: [{ action: 'partition', node: 'ctrl2' }] });
    expect(parseScenario(s)).toEqual(s);
  });

  it.each([
    [{ nodes: 3, colour: 'blue' }, /\(root\): unknown field "colour"/],
    [{ controllers: [{ id: 'a', faults: { sleepy: true } }] }, /controllers\[0\]\.faults: unknown field "sleepy"/],
    [{ nodes: 3, steps: [{ action: 'explode', node: 'ctrl1' }] }, /steps\[0\]\.action/],
    [
      { nodes: 3, steps: [{ action: 'kill', node: 'ctrl9' }] },
      /steps\[0\]\.node: "ctrl9" is not a non-removed controller/,
    ],
    [{ nodes: 3, steps: [{ action: 'partition', node: 'ctrl1', peers: ['zz'] }] }, /steps\[0\]\.peers\[0\]/],
    [{ controllers: [{ id: 'a' }, { id: 'a' }] }, /controllers\[1\]\.id: duplicate controller id "a"/],
    [
      { controllers: [{ id: 'a' }, { id: 'b', removed: true }], leader: 'b' },
      /leader: "b" is not a non-removed voting controller/,
    ],
    [{ controllers: [{ id: 'a', removed: true }] }, /controllers: at least one controller must not be removed/],
    [{ nodes: 2, controllers: [{ id: 'a' }] }, /exactly one of "controllers" or "nodes"/],
    [{}, /exactly one of "controllers" or "nodes"/],
    [{ nodes: 0 }, /nodes:/],
    [{ nodes: 3, electionTimeoutMs: -1 }, /electionTimeoutMs:/],
    [
      { controllers: [{ id: 'a', faults: { responses: { raft: 'slow' } } }] },
      /controllers\[0\]\.faults\.responses\.raft/,
    ],
    [
      { controllers: [{ id: 'a', faults: { responses: { everything: 500 } } }] },
      /controllers\[0\]\.faults\.responses: unknown field "everything"/,
    ],
    [
      { controllers: [{ id: 'a', faults: { partitionedFrom: ['b'] } }] },
      /controllers\[0\]\.faults\.partitionedFrom\[0\]: "b"/,
    ],
    ['nodes: 3', /\(root\)/],
    [{ nodes: 1, auth: 'kerberos' }, /auth:/],
    [{ nodes: 1, users: [] }, /users:/],
    [
      {
        nodes: 1,
        users: [
          { username: 'a', password: 'b' },
          { username: 'a', password: 'c' },
        ],
      },
      /users\[1\]\.username: duplicate username "a"/,
    ],
    [{ nodes: 1, users: [{ username: 'a', password: 'b', role: 'x' }] }, /users\[0\]: unknown field "role"/],
    [{ nodes: 1, tokenTtlMs: 0 }, /tokenTtlMs:/],
    [
      { controllers: [{ id: 'a', faults: { responses: { controllers: { status: 500, location: '/x' } } } }] },
      /controllers\[0\]\.faults\.responses\.controllers/,
    ],
  ])('rejects %j naming the field', (input, message) => {
    expect(errorOf(input)).toMatch(message);
  });
});

describe('loadScenarioFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-scenario-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a valid file', async () => {
    const file = join(dir, 'ok.json');
    await writeFile(file, JSON.stringify({ name: 'ok', nodes: 2 }));
    expect((await loadScenarioFile(file)).controllers).toHaveLength(2);
  });

  it.each([
    ['missing.json', null, /cannot read scenario file .*missing\.json/],
    ['broken.json', '{"nodes": 3,', /scenario file .*broken\.json is not valid JSON/],
    ['bad.json', '{"nodes": 3, "leader": "ctrl7"}', /scenario file .*bad\.json: invalid scenario: leader: "ctrl7"/],
  ])('%s fails with a ScenarioError naming the file and the problem', async (name, content, message) => {
    const file = join(dir, name);
    if (content !== null) await writeFile(file, content);
    const failure = loadScenarioFile(file);
    await expect(failure).rejects.toBeInstanceOf(ScenarioError);
    await expect(failure).rejects.toThrow(message);
  });
});

describe('built-in scenarios', () => {
  it('every scenarios/*.json file mirrors the built-in of the same name', async () => {
    const files = (await readdir(SCENARIO_DIR)).filter((f) => f.endsWith('.json')).sort();
    const names = BUILTIN_SCENARIO_NAMES.filter((n) => n !== 'demo')
      .map((n) => `${n}.json`)
      .sort();
    expect(files).toEqual(names);
    for (const file of files) {
      const fromFile = await loadScenarioFile(join(SCENARIO_DIR, file));
      expect(fromFile).toEqual(builtinScenario(file.replace(/\.json$/, '') as BuiltinScenarioName));
    }
  });

  it("'demo' is the stale-follower scenario, and each call returns a fresh copy", async () => {
    const demo = builtinScenario('demo');
    expect(demo).toEqual(
      JSON.parse(
        JSON.stringify(parseScenario(JSON.parse(await readFile(join(SCENARIO_DIR, 'stale-follower.json'), 'utf8')))),
      ),
    );
    expect(demo.name).toBe('stale follower');
    demo.steps.length = 0;
    expect(builtinScenario('demo').steps).toHaveLength(3);
  });
});
