// The reconciled view: one row model that every output format renders (DESIGN.md section 4).
export const SCHEMA_VERSION = 1;

export const VERDICTS = ['healthy', 'degraded', 'critical', 'unknown'] as const;
export type Verdict = (typeof VERDICTS)[number];

export type ControllerStatus = 'online' | 'offline' | 'unknown';

export const FLAG_CODES = [
  'unreachable',
  'bad-response',
  'unhealthy',
  'auth',
  'disagree',
  'stale-replica',
  'stale-view',
  'stale',
  'slow',
  'isolated',
  'identity',
  'read-only',
  'not-member',
  'former-member',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface Flag {
  code: FlagCode;
  message: string;
}

/** What one replica says about one controller's row. */
export interface ReplicaOpinion {
  /** The controller whose replica this is. */
  from: string;
  isOnline: boolean;
  lastJoinedAt: string | null;
}

export interface ControllerViews {
  /** The consensus replica's row for this controller, or null when it has no row there. */
  consensus: { isOnline: boolean; lastJoinedAt: string | null } | null;
  /** Every replica we read that has a row for this controller, ordered by `from`. */
  replicas: ReplicaOpinion[];
  /** How many of those replicas agree with the consensus replica on isOnline and lastJoinedAt. */
  agreeing: number;
  /** Whether the consensus leader's live view shows this controller connected (null: no such view). */
  leaderSeesConnected: boolean | null;
}

export interface ControllerRow {
  id: string;
  name: string | null;
  status: ControllerStatus;
  reachable: boolean;
  latencyMs: number | null;
  isLeader: boolean;
  isPreferredLeader: boolean;
  lastJoinedAt: string | null;
  /** When its newest answer arrived (watch mode keeps older evidence between polls); null if it never answered. */
  lastAnsweredAt: string | null;
  /** The polled address, or null when it was never polled. */
  address: string | null;
  /** Version reported by the controller itself (or its live-view entry). */
  version: string | null;
  voter: boolean | null;
  flags: Flag[];
  /** The primary failure reaching this controller, if any. */
  error: string | null;
  views: ControllerViews;
}

export interface ClusterSummary {
  verdict: Verdict;
  leader: string | null;
  /** Controllers claiming leadership (own raft role or own live view), or named leader by others. */
  leaderClaimants: string[];
  quorum: { voters: number; needed: number; reachable: number; verified: boolean };
  consensus: 'leader' | 'majority' | 'none';
  /** Controller whose replica is the consensus replica, or null. */
  consensusReplicaFrom: string | null;
  /** Human-readable reasons behind the verdict, one per line. */
  reasons: string[];
  /** Caveats that do not change the verdict (a signal that could not be checked, an address used only for discovery). */
  notes: string[];
}

export interface ClusterView {
  schemaVersion: typeof SCHEMA_VERSION;
  generatedAt: string;
  cluster: ClusterSummary;
  controllers: ControllerRow[];
}
