// Clusters (plain or HTTPS) and undici agents a test makes, all closed after it, also when it fails.
import { afterEach } from '@jest/globals';
import { Agent } from 'undici';
import { startCluster, type ScenarioInput, type SimCluster, type StartOptions } from '../../src/sim/index.js';

export interface AgentTls {
  ca?: string;
  cert?: string;
  key?: string;
  servername?: string;
}

/** Call at the top of a test file. */
export function useResources() {
  const clusters: SimCluster[] = [];
  const agents: Agent[] = [];
  afterEach(async () => {
    await Promise.all(clusters.splice(0).map((c) => c.close()));
    await Promise.all(agents.splice(0).map((a) => a.close()));
  });
  return {
    async start(scenario: ScenarioInput, opts?: StartOptions): Promise<SimCluster> {
      const cluster = await startCluster(scenario, opts);
      clusters.push(cluster);
      return cluster;
    },
    /** No keep-alive (see helpers.ts); `tls` is what the client trusts and presents. */
    agent(tls?: AgentTls): Agent {
      const made = new Agent({ pipelining: 0, ...(tls ? { connect: tls } : {}) });
      agents.push(made);
      return made;
    },
  };
}
