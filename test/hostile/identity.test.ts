// Hostile controllers 4/4: who a controller says it is (terminal-hostile ids and names; an address of another cluster).
import { expect } from '@jest/globals';
import type { SimCluster } from '../../src/sim/index.js';
import { runCli } from '../helpers/cli.js';
import { proxyTo } from './behaviours.js';
import { hostileCases, rowOf, type Check, type HostileCase } from './harness.js';

// Raw C0 (tab and newline aside, the formats' own separators), C1, bidi and invisible characters.
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
// In JSON nothing raw is allowed but the pretty-printer's newlines.
const UNSAFE_IN_JSON = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

const threeWith = (third: { id: string; name?: string }) => ({
  controllers: [{ id: 'ctrl1', preferredLeader: true }, { id: 'ctrl2' }, third],
});

/**
 * Table and plain output of the same cluster: nothing unsafe, nothing endless, columns intact; JSON exact
 * and escaped.
 */
function neutralised(cluster: SimCluster, id: string, name: string): Check {
  return async ({ stdout, view }) => {
    expect(stdout).not.toMatch(UNSAFE_IN_JSON);
    expect(rowOf(view, id).name).toBe(name);
    const args = ['list', 'controllers', '-c', cluster.url('ctrl1'), '--timeout', '2s', '--color', 'never'];
    const table = await runCli(args, { tty: true });
    const plain = await runCli(args);
    for (const out of [table, plain]) {
      expect(out.stderr).toBe('');
      expect(out.stdout).not.toMatch(UNSAFE_IN_TEXT);
      for (const line of out.stdout.split('\n')) expect(line.length).toBeLessThan(2000);
    }
    const [header, ...rows] = plain.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    for (const line of rows) expect(line.split('\t')).toHaveLength(header!.split('\t').length);
    expect(rows).toHaveLength(3);
  };
}

function hostileId(label: string, id: string, what: RegExp): HostileCase {
  return {
    name: `an id holding ${label}`,
    scenario: threeWith({ id, name: 'ctrl3' }),
    bad: id,
    arrange: ({ cluster }) => neutralised(cluster, id, 'ctrl3'),
    expect: {
      status: 'online',
      flag: 'bad-response',
      error: null,
      message: new RegExp(`^its id holds ${what.source}: shown neutralised in table and plain output, exact in JSON$`),
    },
  };
}

function foreignCluster(ids: string[]): HostileCase {
  return {
    name: `a controller that answers for a different cluster (its controllers are ${ids.join(', ')})`,
    arrange: async ({ cluster, startCluster }) => {
      const other = await startCluster({ controllers: ids.map((id, i) => ({ id, preferredLeader: i === 0 })) });
      cluster.setRawHandler('ctrl3', proxyTo(other.url(ids[0]!)));
      return ({ view }) => {
        // The stranger's cluster is not merged in: no row, no address, no vote of its own.
        const foreignOrigins = other.nodes.map((n) => n.url);
        for (const row of view.controllers) expect(foreignOrigins).not.toContain(row.address);
        expect(view.cluster.quorum).toMatchObject({ voters: 3, needed: 2, reachable: 2, verified: true });
        expect(rowOf(view, 'ctrl3')).toMatchObject({ reachable: false, version: null, latencyMs: null });
      };
    },
    expect: {
      status: 'offline',
      flag: 'identity',
      error: /^http:\/\/127\.0\.0\.1:\d+ answers for a different cluster/,
      message: new RegExp(
        '^its address http://127\\.0\\.0\\.1:\\d+ answers for a different cluster: ' +
          `its replica lists ${ids.map((id) => `"${id}"`).join(', ')}, ` +
          'whose certificates and addresses no replica of this cluster shares: ignored$',
      ),
    },
  };
}

const cases: HostileCase[] = [
  hostileId(
    'terminal escape sequences',
    'ctrl3\u001b[2J\u001b]0;owned\u0007',
    /terminal escape sequences and control characters \(U\+001B, U\+0007\)/,
  ),
  hostileId(
    'control characters',
    'ctrl3\t\r\n\u0000\u007f\u0085',
    /control characters \(U\+0009, U\+000D, U\+000A, U\+0000\)/,
  ),
  hostileId('bidi overrides', 'ctrl3\u202egpj.exe\u2066', /bidi or invisible characters \(U\+202E, U\+2066\)/),
  hostileId('10,000 characters', `ctrl3${'x'.repeat(9995)}`, /10000 characters \(at most 256 expected\)/),
  {
    name: 'a name holding escape sequences and bidi overrides',
    scenario: threeWith({ id: 'ctrl3', name: 'evil\u001b[31m\u202ename' }),
    arrange: ({ cluster }) => neutralised(cluster, 'ctrl3', 'evil\u001b[31m\u202ename'),
    expect: {
      status: 'online',
      flag: 'bad-response',
      error: null,
      message: /^its name holds terminal escape sequences and bidi or invisible characters \(U\+001B, U\+202E\)/,
    },
  },
  // Two quickstarts both call their controllers ctrl1..ctrl3: ids alone cannot tell them apart.
  foreignCluster(['ctrl1', 'ctrl2', 'ctrl3']),
  foreignCluster(['other1', 'other2', 'other3']),
];

hostileCases(cases);
