// One simulated controller's runtime (its server, injected faults, request log) and what its server
// asks the cluster at request time: its behaviour (hung? delayed? taken over?) and its view.
import { carriesCredential, type AuthStore } from './auth-store.js';
import type { ClusterModel } from './cluster-model.js';
import type { RequestLogEntry } from './cluster-types.js';
import type { NodeIdentity } from './identity.js';
import type { Call } from './node-call.js';
import type { NodeBehaviour, NodeServer, RawHandler } from './node-server.js';
import { route, type NodeView } from './routes.js';
import type { EndpointName, ResponseFault, Scenario } from './scenario.js';

export interface Runtime {
  identity: NodeIdentity;
  server: NodeServer | null;
  faults: Map<EndpointName | '*', ResponseFault>;
  latencyMs: number;
  jitterMs: number;
  log: RequestLogEntry[];
  rawHandler: RawHandler | null;
}

/** What a node's behaviour and view read of its cluster. */
export interface ClusterParts {
  model: ClusterModel;
  auth: AuthStore;
  scenario: Scenario;
  runtime(id: string): Runtime;
  emit(event: 'hung-request' | 'hung-handshake', id: string): void;
}

export function nodeBehaviour(cluster: ClusterParts, id: string): NodeBehaviour {
  const logged = new WeakMap<Call, RequestLogEntry>();
  return {
    received: (call) => {
      const entry = {
        method: call.method,
        path: call.url.split('?')[0] ?? '',
        hasAuth: carriesCredential(call.headers),
        status: null,
      };
      cluster.runtime(id).log.push(entry);
      logged.set(call, entry);
    },
    isHung: () => cluster.model.get(id).state === 'hung',
    rawHandler: () => cluster.runtime(id).rawHandler,
    parked: () => cluster.emit('hung-request', id),
    heldHandshake: () => cluster.emit('hung-handshake', id),
    delayMs: () => {
      const rt = cluster.runtime(id);
      return rt.latencyMs + (Math.random() * 2 - 1) * rt.jitterMs;
    },
    answer: (call) => {
      const answer = route(nodeView(cluster, id), call);
      const entry = logged.get(call);
      if (entry) entry.status = answer.status;
      return answer;
    },
  };
}

function nodeView({ model, auth, scenario, runtime }: ClusterParts, id: string): NodeView {
  const node = model.get(id);
  const rt = runtime(id);
  return {
    self: rt.identity,
    now: () => Date.now() + node.clockSkewMs,
    replica: () => [...node.replica.values()].map((record) => ({ record, who: runtime(record.id).identity })),
    members: () =>
      model.nodes
        .filter((m) => !m.removed)
        .map((m) => ({
          who: runtime(m.id).identity,
          leader: node.belief === m.id,
          connected: model.meshLink(node, m),
        })),
    belief: () => node.belief,
    inspectable: () =>
      [node, ...model.nodes.filter((m) => m !== node && !m.removed && model.meshLink(node, m))].map((m) => ({
        id: m.id,
        appliedIndex: model.appliedIndex(m.id),
        hung: m.state === 'hung',
      })),
    pageLimitMax: scenario.pageLimitMax,
    healthChecks: scenario.healthChecks,
    fault: (endpoint) => rt.faults.get(endpoint) ?? rt.faults.get('*') ?? null,
    auth,
  };
}
