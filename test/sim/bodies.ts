// The JSON bodies the simulator answers (src/sim/payloads.ts, the OIDC routes), as the tests under test/sim read
// them. A test names the one it expects (`send<ApiErrorBody>(...)`); nothing checks it: the assertions do.

export interface Pagination {
  limit: number;
  offset: number;
  totalCount: number;
}

/** One controllerDetail row of GET /edge/management/v1/controllers. */
export interface ControllerBody {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  _links: { self: { href: string } };
  tags: Record<string, unknown>;
  certPem: string;
  fingerprint: string;
  ctrlAddress: string;
  isOnline: boolean;
  lastJoinedAt: string | null;
  apiAddresses: Record<string, Array<{ url: string; version: string }>>;
  /** Only on the preferred leader's row, and only from a v2.0+ controller. */
  isPreferredLeader?: true;
}

export interface ControllersBody {
  data: ControllerBody[];
  meta: { pagination: Pagination; filterableFields: string[] };
}

/** One entry of GET /fabric/v1/cluster/list-members: the answering node's own belief. */
export interface MemberBody {
  id: string;
  address: string;
  voter: boolean;
  leader: boolean;
  version: string;
  connected: boolean;
  readOnly: boolean;
  preferredLeader?: true;
}

export interface MembersBody {
  data: MemberBody[];
}

export interface VersionBody {
  data: {
    version: string;
    revision: string;
    buildDate: string;
    runtimeVersion: string;
    /** binding -> {v1: {path, apiBaseUrls}} */
    apiVersions: Record<string, Record<string, { path: string; apiBaseUrls: string[] }>>;
    capabilities: string[];
  };
}

export interface HealthBody {
  data: {
    healthy: boolean;
    checks: Array<{ id: string; healthy: boolean; lastCheckDuration?: string; lastCheckTime?: string }>;
  };
}

export interface RaftHealthBody extends HealthBody {
  raft: { isRaftEnabled: boolean; isLeader: boolean };
}

/** The standard error envelope of the edge and fabric APIs. */
export interface ApiErrorBody {
  error: { code: string; message: string; requestId: string; cause?: Record<string, unknown> };
}

/** The legacy authenticate answer (currentApiSessionDetailEnvelope), the fields the tests read. */
export interface ApiSessionBody {
  data: {
    id: string;
    token: string;
    identity: { entity: string; id: string; name: string };
    expiresAt: string;
    expirationSeconds: number;
  };
}

/** A refused OIDC login page: a bare {code, message}, no envelope. */
export interface LoginErrorBody {
  code: string;
  message: string;
}

/** An OAuth error of the token endpoint (RFC 6749 section 5.2). */
export interface OAuthErrorBody {
  error: string;
  error_description: string;
}
