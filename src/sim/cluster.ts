// SimCluster: one HTTP(S) server per simulated controller, driven by the cluster model and the auth store,
// with chaos controls.
// Opening the nodes is in cluster-nodes.ts and raft's timers in raft-timers.ts; this file is the controls.
import { EventEmitter } from 'node:events';
import { AuthStore, type AuthStats } from './auth-store.js';
import { ClusterModel } from './cluster-model.js';
import { openNodes } from './cluster-nodes.js';
import type { ClusterParts, Runtime } from './node-runtime.js';
import type { RawHandler } from './node-server.js';
import type { SimTlsOptions } from './node-tls.js';
import { RaftTimers } from './raft-timers.js';
import type { EndpointName, ResponseFault, Scenario } from './scenario.js';
import type { GroundTruth, RequestLogEntry, SimNodeInfo } from './cluster-types.js';
import { TimerSet } from './timer-set.js';

export type { GroundTruth, RequestLogEntry, SimNodeInfo } from './cluster-types.js';

/**
 * Events (emitted synchronously): 'change' after any state change; 'leader' (id | null) when
 * ground-truth leadership changes; 'hung-request' (id) when a hung node swallows a request;
 * 'hung-handshake' (id) when a hung HTTPS node leaves a new connection's handshake waiting.
 */
export class SimCluster extends EventEmitter {
  private readonly model: ClusterModel;
  private readonly auth: AuthStore;
  private readonly runtimes = new Map<string, Runtime>();
  private readonly raft: RaftTimers;
  private readonly hangTimers = new TimerSet();
  private lastLeader: string | null;
  private closed = false;
  private info: SimNodeInfo[] = [];
  private readonly parts: ClusterParts;

  private constructor(private readonly scenario: Scenario) {
    super();
    this.model = new ClusterModel(scenario, Date.now);
    this.auth = new AuthStore(scenario, Date.now);
    this.raft = new RaftTimers(this.model, scenario, (change) => {
      if (!this.closed) this.mutate(change);
    });
    this.lastLeader = this.model.leader;
    this.parts = {
      model: this.model,
      auth: this.auth,
      scenario,
      runtime: (id) => this.runtime(id),
      emit: (event, id) => this.emit(event, id),
    };
  }

  /** Starts every non-removed controller's server (HTTPS with `tls`); startCluster() also applies steps and faults. */
  static async create(scenario: Scenario, host: string, tls?: SimTlsOptions): Promise<SimCluster> {
    const cluster = new SimCluster(scenario);
    try {
      await openNodes(scenario, host, tls, cluster.parts, cluster.runtimes);
    } catch (err) {
      await cluster.close();
      throw err;
    }
    cluster.info = scenario.controllers.map((c) => ({
      id: c.id,
      name: c.name,
      url: cluster.url(c.id),
      removed: c.removed,
    }));
    cluster.raft.sync(); // timers the start state calls for (a flapping scenario's first hand-over)
    return cluster;
  }

  /** Every controller of the scenario, removed ones included, in scenario order. */
  get nodes(): readonly SimNodeInfo[] {
    return this.info;
  }

  url(id: string): string {
    return this.runtime(id).identity.url;
  }

  leaderId(): string | null {
    return this.model.leader;
  }

  groundTruth(): GroundTruth {
    const leader = this.model.leader === null ? null : this.model.get(this.model.leader);
    return {
      leader: leader?.id ?? null,
      nodes: this.model.nodes.map((n) => ({
        id: n.id,
        state: n.state,
        member: !n.removed,
        reachableByLeader: leader !== null && this.model.meshLink(leader, n),
      })),
    };
  }

  async kill(id: string): Promise<void> {
    const rt = this.liveRuntime(id);
    this.hangTimers.cancel(id);
    await rt.server?.stop();
    this.auth.nodeDown(id);
    this.mutate(() => this.model.kill(id));
  }

  /** Listens again on the same port; a hung node is killed first (a restart of a stopped process). */
  async restart(id: string): Promise<void> {
    const rt = this.liveRuntime(id);
    const state = this.model.get(id).state;
    if (state === 'up') return;
    if (state === 'hung') await this.kill(id);
    await rt.server?.listen();
    this.mutate(() => this.model.restart(id));
  }

  hang(id: string): void {
    this.liveRuntime(id);
    if (this.model.get(id).state !== 'up') return;
    this.mutate(() => this.model.hang(id));
    this.hangTimers.arm(id, this.scenario.closeUnresponsiveTimeoutMs, () => this.mutate(() => this.model.dropMesh(id)));
  }

  resume(id: string): void {
    const rt = this.liveRuntime(id);
    this.hangTimers.cancel(id);
    this.mutate(() => this.model.resume(id));
    rt.server?.releaseParked();
  }

  partition(id: string, peers?: string[]): void {
    this.mutate(() => this.model.partition(id, peers));
  }

  heal(id?: string): void {
    this.mutate(() => this.model.heal(id));
  }

  lag(id: string): void {
    this.mutate(() => this.model.setLagging(id, true));
  }

  catchUp(id: string): void {
    this.mutate(() => this.model.setLagging(id, false));
  }

  failover(): void {
    this.mutate(() => this.model.failover());
  }

  /** The leader commits `entries` log entries (writes that leave the controllers table as it is). */
  write(entries: number): void {
    this.mutate(() => this.model.appendEntries(entries));
  }

  /** `ziti agent cluster transfer-leadership [id]`; returns the new leader, throws where the real command fails. */
  transferLeadership(to?: string): string {
    let leader = '';
    this.mutate(() => (leader = this.model.transferLeadership(to)));
    return leader;
  }

  /** The node believes itself leader whatever raft says (split-brain claims); false restores normal behaviour. */
  setClaimsLeadership(id: string, claims: boolean): void {
    this.mutate(() => this.model.setClaimsLeadership(id, claims));
  }

  setResponseFault(id: string, endpoint: EndpointName | '*', fault: ResponseFault | null): void {
    const rt = this.liveRuntime(id);
    this.mutate(() => (fault === null ? rt.faults.delete(endpoint) : rt.faults.set(endpoint, fault)));
  }

  /**
   * `handler` takes over every request to `id` (hostile behaviours the fault list cannot express:
   * endless, dripped or huge bodies, resets mid-body, raw non-HTTP bytes); its `next` serves the
   * request normally, optionally editing the answer. null restores normal service.
   */
  setRawHandler(id: string, handler: RawHandler | null): void {
    const rt = this.liveRuntime(id);
    this.mutate(() => (rt.rawHandler = handler));
  }

  setLatency(id: string, latencyMs: number, jitterMs = 0): void {
    const rt = this.liveRuntime(id);
    this.mutate(() => Object.assign(rt, { latencyMs: Math.max(0, latencyMs), jitterMs: Math.max(0, jitterMs) }));
  }

  /** Every access token and legacy session issued so far is refused (401) until a new login; refresh tokens work. */
  expireTokens(): void {
    this.auth.expireTokens();
  }

  /** Revokes the legacy sessions and OIDC tokens minted by controller `id` (by any, when omitted). */
  revokeSessions(id?: string): void {
    if (id !== undefined) this.runtime(id);
    this.auth.revokeSessions(id);
  }

  /** Successful password/certificate logins plus OIDC token grants on controller `id`, or on all. */
  loginCount(id?: string): number {
    const { logins, codeGrants, refreshGrants } = this.authStats(id);
    return logins + codeGrants + refreshGrants;
  }

  /** loginCount broken down: logins (legacy or OIDC login page), authorization-code grants, refresh grants. */
  authStats(id?: string): AuthStats {
    if (id !== undefined) this.runtime(id);
    return this.auth.statsOf(id);
  }

  /** Every request controller `id` received, oldest first (a copy). */
  requestLog(id: string): RequestLogEntry[] {
    return this.runtime(id).log.map((e) => ({ ...e }));
  }

  /** Closes every server and destroys every open socket (hung ones included); idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.raft.clear();
    this.hangTimers.clear();
    await Promise.all([...this.runtimes.values()].map((rt) => rt.server?.stop()));
  }

  private runtime(id: string): Runtime {
    const rt = this.runtimes.get(id);
    if (!rt) throw new Error(`unknown controller "${id}"`);
    return rt;
  }

  private liveRuntime(id: string): Runtime {
    if (this.closed) throw new Error('the simulated cluster is closed');
    const rt = this.runtime(id);
    if (rt.identity.removed) throw new Error(`controller "${id}" was removed from the cluster`);
    return rt;
  }

  private mutate(change: () => void): void {
    if (this.closed) throw new Error('the simulated cluster is closed');
    change();
    this.raft.sync();
    const leader = this.model.leader;
    if (leader !== this.lastLeader) {
      this.lastLeader = leader;
      this.emit('leader', leader);
    }
    this.emit('change');
  }
}
