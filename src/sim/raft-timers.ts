// Raft's timers in a simulated cluster: the election timeout, each node's belief expiry, each
// quorum-less leader's lease, and a flapping scenario's leadership transfers, armed and cancelled to match what the model's state calls for. Apart
// from SimCluster (cluster.ts), which only tells them when the state changed.
import type { ClusterModel } from './cluster-model.js';
import type { Scenario } from './scenario.js';
import { TimerSet } from './timer-set.js';

export class RaftTimers {
  private readonly election = new TimerSet();
  private readonly beliefTimers = new TimerSet();
  private readonly leaseTimers = new TimerSet();
  private readonly transfers = new TimerSet();

  /** `fire` applies a timer's change to the model as any other change (the cluster skips it once closed). */
  constructor(
    private readonly model: ClusterModel,
    private readonly scenario: Pick<Scenario, 'electionTimeoutMs' | 'leaderLeaseTimeoutMs' | 'leaderTransferEveryMs'>,
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
    // A leader hands over every leaderTransferEveryMs, counted from when it took over.
    const leader = this.model.leader;
    this.transfers.sync(leader === null ? [] : [leader], this.scenario.leaderTransferEveryMs, () =>
      this.fire(() => this.transferIfAble()),
    );
  }

  clear(): void {
    for (const timers of [this.election, this.beliefTimers, this.leaseTimers, this.transfers]) timers.clear();
  }

  /** A leader with no voter to hand over to keeps leading, as the real command would fail. */
  private transferIfAble(): void {
    try {
      this.model.transferLeadership();
    } catch {
      // Nothing changed: the next sync arms the timer again.
    }
  }
}
