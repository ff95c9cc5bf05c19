// Clusters (plain or HTTPS) and undici agents a test makes, all closed after it, also when it fails.
import { afterEach } from '@jest/globals';
import { Agent } from 'undici';
import { useSimCluster } from '../helpers/sim-cluster.js';

export interface AgentTls {
  ca?: string;
  cert?: string;
  key?: string;
  servername?: string;
}

/** Call at the top of a test file. */
export function useResources() {
  const start = useSimCluster();
  const agents: Agent[] = [];
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
  });
  return {
    start,
    /** No keep-alive (see helpers.ts); `tls` is what the client trusts and presents. */
    agent(tls?: AgentTls): Agent {
      const made = new Agent({ pipelining: 0, ...(tls ? { connect: tls } : {}) });
      agents.push(made);
      return made;
    },
  };
}
