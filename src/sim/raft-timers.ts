// Raft's timers in a simulated cluster: the election timeout, each node's belief expiry and each
// quorum-less leader's lease, armed and cancelled to match what the model's state calls for. Apart
// from SimCluster (cluster.ts), which only tells them when the state changed.
import type { ClusterModel } from './cluster-model.js';
import type { Scenario } from './scenario.js';
import { TimerSet } from './timer-set.js';

export class RaftTimers {
  private readonly election = new TimerSet();
  private readonly beliefTimers = new TimerSet();
  private readonly leaseTimers = new TimerSet();

  /** `fire` applies a timer's change to the model as any other change (the cluster skips it once closed). */
  constructor(
    private readonly model: ClusterModel,
    private readonly scenario: Pick<Scenario, 'electionTimeoutMs' | 'leaderLeaseTimeoutMs'>,
    private readonly fire: (change: () => void) => void,
  ) {}

  /** Arms the timers the model's state now calls for and cancels the rest; an armed timer keeps its deadline. */
  sync(): void {
    const wanted = this.model.wantedTimers();
    const { electionTimeoutMs, leaderLeaseTimeoutMs } = this.scenario;
    this.election.sync(wanted.election ? ['election'] : [], electionTimeoutMs, () =>
      this.fire(() => this.model.elect()),
    );
    this.beliefTimers.sync(wanted.beliefExpiry, electionTimeoutMs, (id) =>
      this.fire(() => this.model.expireBelief(id)),
    );
    this.leaseTimers.sync(wanted.leaseExpiry, leaderLeaseTimeoutMs, (id) =>
      this.fire(() => this.model.expireLease(id)),
    );
  }

  clear(): void {
    for (const timers of [this.election, this.beliefTimers, this.leaseTimers]) timers.clear();
  }
}
