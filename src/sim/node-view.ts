// What one simulated node knows at the moment it answers: the input of every route (routes.ts, the
// legacy and OIDC auth routes), kept apart from the router so the routes need not import it.
import type { AuthStore } from './auth-store.js';
import type { NodeIdentity } from './identity.js';
import type { MemberView } from './payloads.js';
import type { EndpointName, ResponseFault } from './scenario.js';
import type { ControllerRecord } from './table.js';

/** A node an inspection can reach: this one, or a peer its mesh is connected to. */
export interface InspectTarget {
  id: string;
  appliedIndex: number;
  hung: boolean;
}

/** What one node knows at the moment it answers: its own replica, beliefs and mesh, and the cluster's identities. */
export interface NodeView {
  self: NodeIdentity;
  /** This node's clock (skew included). */
  now(): number;
  /** This node's replica, each row with the identity of the controller it describes. */
  replica(): Array<{ record: ControllerRecord; who: NodeIdentity }>;
  members(): MemberView[];
  /** Who this node believes leads, or null. */
  belief(): string | null;
  /** Itself and the peers its mesh reaches, with their applied raft index: what an inspection fans out to. */
  inspectable(): InspectTarget[];
  pageLimitMax: number;
  /** Whether the health-checks API is bound (scenario `healthChecks`). */
  healthChecks: boolean;
  fault(endpoint: EndpointName): ResponseFault | null;
  auth: AuthStore;
}
