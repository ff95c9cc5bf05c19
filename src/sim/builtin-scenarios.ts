// Built-in scenarios, defined in code so --demo needs no file IO; scenarios/*.json mirror them.
import { parseScenario, type Scenario, type ScenarioInput } from './scenario.js';

const SCENARIOS = {
  'healthy-3': { name: 'healthy 3-node cluster', nodes: 3 },
  // ctrl3 stops applying replication, then ctrl2 restarts: ctrl3 still serves ctrl2's hour-old lastJoinedAt.
  'stale-follower': {
    name: 'stale follower',
    nodes: 3,
    startedAgoMs: 3_600_000,
    steps: [
      { action: 'lag', node: 'ctrl3' },
      { action: 'kill', node: 'ctrl2' },
      { action: 'restart', node: 'ctrl2' },
    ],
  },
  // No election on a timer: the followers keep naming the dead leader, their replicas keep it online.
  'leader-killed': {
    name: 'leader killed',
    nodes: 3,
    electionTimeoutMs: null,
    steps: [{ action: 'kill', node: 'ctrl1' }],
  },
  // Leadership moves to the next voter every 20 s: a watch sees a third change within a minute (leader-flap).
  'leader-flap': { name: 'leader flapping', nodes: 3, leaderTransferEveryMs: 20_000 },
  // More controllers than the server's default page of 10.
  'twelve-nodes': { name: 'twelve nodes', nodes: 12 },
  // Two isolated controllers both claim leadership, neither has a majority; ctrl4 left the cluster long ago.
  'split-brain': {
    name: 'split brain',
    electionTimeoutMs: null,
    leaderLeaseTimeoutMs: null,
    controllers: [
      { id: 'ctrl1', preferredLeader: true, faults: { partitionedFrom: 'all', claimsLeadership: true } },
      { id: 'ctrl2', faults: { partitionedFrom: 'all', claimsLeadership: true } },
      { id: 'ctrl3', faults: { partitionedFrom: 'all' } },
      { id: 'ctrl4', removed: true },
    ],
  },
  // ctrl2's certificate expires in 5 days: cert-expiring under the default --cert-warn 30d.
  'cert-expiring': {
    name: 'certificate expiring',
    controllers: [
      { id: 'ctrl1', preferredLeader: true },
      { id: 'ctrl2', certNotAfterMs: 432_000_000 },
      { id: 'ctrl3' },
    ],
  },
  // ctrl3's certificate, issued a year ago, expired yesterday.
  'cert-expired': {
    name: 'certificate expired',
    controllers: [
      { id: 'ctrl1', preferredLeader: true },
      { id: 'ctrl2' },
      { id: 'ctrl3', certNotBeforeMs: -31_622_400_000, certNotAfterMs: -86_400_000 },
    ],
  },
  // A rolling upgrade half done: ctrl3 still runs the previous release.
  'version-skew': {
    name: 'version skew',
    controllers: [{ id: 'ctrl1', preferredLeader: true }, { id: 'ctrl2' }, { id: 'ctrl3', version: 'v2.0.2' }],
  },
  // ctrl3 stops applying replication while the leader commits 250 entries (config writes): its
  // controllers table is still right, but its raft index is 250 behind, past the default --max-lag.
  'lagging-follower': {
    name: 'lagging follower',
    nodes: 3,
    steps: [
      { action: 'lag', node: 'ctrl3' },
      { action: 'write', entries: 250 },
    ],
  },
} satisfies Record<string, ScenarioInput>;

export type BuiltinScenarioName = keyof typeof SCENARIOS | 'demo';

export const BUILTIN_SCENARIO_NAMES = [...Object.keys(SCENARIOS), 'demo'] as BuiltinScenarioName[];

/** A fresh, validated copy of a built-in scenario; 'demo' is the stale-follower scenario. */
export function builtinScenario(name: BuiltinScenarioName): Scenario {
  const input = SCENARIOS[name === 'demo' ? 'stale-follower' : name];
  if (input === undefined) throw new Error(`unknown built-in scenario "${String(name)}"`);
  return parseScenario(structuredClone(input));
}
