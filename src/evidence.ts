// What polling gathered: one record per polled address, every outcome kept as data.
// This is the input of the pure reconcile step; nothing here performs IO.
import type { ControllerDetail } from './schemas/controllers.js';
import type { ClusterMember } from './schemas/cluster-members.js';
import type { Health, RaftHealth } from './schemas/health.js';
import type { VersionInfo } from './schemas/version.js';

/** No HTTP exchange happened: the controller did not answer us at all. */
export const NETWORK_FAILURE_KINDS = ['refused', 'timeout', 'dns', 'tls', 'reset', 'protocol', 'network'] as const;
/** An HTTP exchange happened, but its content is unusable. */
export const CONTENT_FAILURE_KINDS = ['http', 'invalid-json', 'schema', 'too-large', 'redirect', 'paging'] as const;

export type NetworkFailureKind = (typeof NETWORK_FAILURE_KINDS)[number];
export type ContentFailureKind = (typeof CONTENT_FAILURE_KINDS)[number];
export type FailureKind = NetworkFailureKind | ContentFailureKind;

export interface Failure {
  kind: FailureKind;
  /** Human-readable, secret-free description naming the evidence. */
  message: string;
  /** HTTP status when the server answered. */
  status?: number;
  /** Server error code from the error envelope (e.g. UNAUTHORIZED), when present. */
  code?: string;
}

export type Outcome<T> =
  | { ok: true; value: T; status: number; latencyMs: number }
  | { ok: false; failure: Failure; latencyMs?: number };

/** The signals ziti-status reads from each controller (DESIGN.md section 2). */
export interface Signals {
  version: Outcome<VersionInfo>;
  /** `null` value: the endpoint is not bound (404), which is not an error. */
  health: Outcome<Health | null>;
  /** `null` value: not bound (404), like health. */
  raft: Outcome<RaftHealth | null>;
  members: Outcome<ClusterMember[]>;
  replica: Outcome<ControllerDetail[]>;
}

export type SignalName = keyof Signals;
export const SIGNAL_NAMES: readonly SignalName[] = ['version', 'health', 'raft', 'members', 'replica'];

/** How old and how timely a controller's evidence is; watch mode (and the latency history) fill it in. */
export interface Freshness {
  /** Milliseconds since these signals were gathered. */
  ageMs: number;
  /** Older than this is stale (--stale-after); null: never. */
  staleAfterMs: number | null;
  /** How long its newest poll has been pending (watch), or how long its answer took (one run). */
  pendingMs: number | null;
  /** True when pendingMs is a poll still under way, false when it is an answer that came. */
  stillPending: boolean;
  /** Past this the poll is slow for this controller (from its own latency history); null: no history yet. */
  slowAfterMs: number | null;
}

export interface TargetEvidence {
  /** Normalised origin that was polled, e.g. https://ctrl1.example:1280. */
  origin: string;
  /** Given by the user, or found in some replica's apiAddresses. */
  source: 'given' | 'discovered';
  /** For discovered targets: the controller id whose row named this address. */
  expectedId?: string;
  signals: Signals;
  freshness?: Freshness;
}

export interface Evidence {
  targets: TargetEvidence[];
  /** Controllers we know of but never asked: no usable address, or the deadline came first. */
  unpolled: UnpolledController[];
  /** True when the user turned discovery off, so unpolled controllers are explained as such. */
  discoveryOff?: boolean;
}

export interface UnpolledController {
  /** The controller id a replica gave it, when known. */
  id: string | null;
  origin: string | null;
  reason: string;
}

export function isNetworkFailure(kind: FailureKind): kind is NetworkFailureKind {
  return (NETWORK_FAILURE_KINDS as readonly string[]).includes(kind);
}
