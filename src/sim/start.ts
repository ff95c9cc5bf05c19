// startCluster: validate a scenario, start its servers, then replay its steps and per-node faults.
import { SimCluster } from './cluster.js';
import type { SimTlsOptions } from './node-tls.js';
import { parseScenario, type Scenario, type ScenarioInput, type Step } from './scenario.js';

export interface StartOptions {
  /** Address every simulated controller listens on; default 127.0.0.1. */
  host?: string;
  /** Serve HTTPS with this PEM key and certificate (urls become https://); see SimTlsOptions. */
  tls?: SimTlsOptions;
}

async function applyStep(cluster: SimCluster, step: Step): Promise<void> {
  switch (step.action) {
    case 'kill':
      return cluster.kill(step.node);
    case 'restart':
      return cluster.restart(step.node);
    case 'hang':
      return cluster.hang(step.node);
    case 'resume':
      return cluster.resume(step.node);
    case 'partition':
      return cluster.partition(step.node, step.peers);
    case 'heal':
      return cluster.heal(step.node);
    case 'lag':
      return cluster.lag(step.node);
    case 'catchUp':
      return cluster.catchUp(step.node);
    case 'failover':
      return cluster.failover();
    case 'write':
      return cluster.write(step.entries);
    case 'transferLeadership':
      return void cluster.transferLeadership(step.node);
  }
}

/** Per-node faults, after the steps: links and beliefs first, then hung/down (which stop answering). */
async function applyFaults(cluster: SimCluster, scenario: Scenario): Promise<void> {
  const live = scenario.controllers.filter((c) => !c.removed);
  for (const { id, faults } of live) {
    if (faults.partitionedFrom === 'all') cluster.partition(id);
    else if (faults.partitionedFrom.length > 0) cluster.partition(id, faults.partitionedFrom);
    if (faults.lagging) cluster.lag(id);
    if (faults.claimsLeadership) cluster.setClaimsLeadership(id, true);
    if (faults.latencyMs > 0 || faults.jitterMs > 0) cluster.setLatency(id, faults.latencyMs, faults.jitterMs);
    for (const [endpoint, fault] of Object.entries(faults.responses)) {
      if (fault !== undefined) cluster.setResponseFault(id, endpoint as keyof typeof faults.responses, fault);
    }
  }
  for (const { id, faults } of live) {
    if (faults.hung) cluster.hang(id);
    if (faults.down) await cluster.kill(id);
  }
}

/** Starts a simulated HA cluster on `host` (ports chosen by the OS) and brings it to the scenario's state. */
export async function startCluster(scenario: ScenarioInput | Scenario, opts: StartOptions = {}): Promise<SimCluster> {
  const parsed = parseScenario(scenario);
  const cluster = await SimCluster.create(parsed, opts.host ?? '127.0.0.1', opts.tls);
  try {
    for (const step of parsed.steps) await applyStep(cluster, step);
    await applyFaults(cluster, parsed);
  } catch (err) {
    await cluster.close();
    throw err;
  }
  return cluster;
}
