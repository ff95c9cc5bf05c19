// What SimCluster reports about its controllers: their addresses, the ground truth, the requests each received.
import type { NodeState } from './cluster-model.js';

export interface SimNodeInfo {
  id: string;
  name: string;
  /** http(s)://host:port; for a removed controller, a port on which nothing listens. */
  url: string;
  removed: boolean;
}

export interface GroundTruth {
  leader: string | null;
  nodes: Array<{ id: string; state: NodeState; member: boolean; reachableByLeader: boolean }>;
}

/** One request a node received, for assertions such as "logged in once"; never a credential or query string. */
export interface RequestLogEntry {
  method: string;
  /** The path without its query (codes and request ids travel there). */
  path: string;
  /** Whether it carried a zt-session or Authorization header. */
  hasAuth: boolean;
  /** The status answered, or null while unanswered (hung, delayed, dropped). */
  status: number | null;
}
