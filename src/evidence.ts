// What polling gathered: one record per polled address, every outcome kept as data, and the one
// place such records are built. This is the input of the pure reconcile step; nothing here performs IO.
import { compareText } from './compare.js';
import type { ControllerDetail } from './schemas/controllers.js';
import type { ClusterMember } from './schemas/cluster-members.js';
import type { Health, RaftHealth } from './schemas/health.js';
import type { DataModelIndex } from './schemas/inspections.js';
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
  /** Why an answered request lacked a login or a right (docs/design.md section 2, "refused"). */
  auth?: AuthFailure;
}

/**
 * The four ways a controller can refuse us, each asking something else of the operator:
 * `login`: our login itself failed, whatever the status (a 400 for a short legacy password, a 404
 * where a forced method is not offered); `no-login`: no credentials were given at all;
 * `refused`: the session was refused (a 401 with a WWW-Authenticate challenge, error="invalid" or
 * "expired"); `permission`: the session was accepted but a right is missing (403, or v2.0.3's 401
 * without a challenge and without a cause).
 */
export type AuthFailure = 'login' | 'no-login' | 'refused' | 'permission';

export type Outcome<T> =
  | { ok: true; value: T; status: number; latencyMs: number }
  | { ok: false; failure: Failure; latencyMs?: number };

/** The signals ziti-status reads from each controller (docs/design.md section 2). */
export interface Signals {
  version: Outcome<VersionInfo>;
  /** `null` value: the endpoint is not bound (404), which is not an error. */
  health: Outcome<Health | null>;
  /** `null` value: not bound (404), like health. */
  raft: Outcome<RaftHealth | null>;
  members: Outcome<ClusterMember[]>;
  replica: Outcome<ControllerDetail[]>;
  /**
   * Its applied raft index, from the `data-model-index` inspection asked of it about itself alone.
   * `null` value: not asked, because neither its certificate nor its own replica told which controller it is (asking
   * every member instead fans out and waits 10 s for a hung one: src/client/fetch-inspection.ts).
   */
  inspection: Outcome<RaftIndexReport | null>;
  /**
   * Not a signal (not in SIGNAL_NAMES): the distinct certificates the TLS connections that carried
   * these signals presented, first seen first. Absent over plain http, or when no handshake finished.
   */
  peers?: PeerCertificate[];
}

/** What a controller said of its own applied raft index. */
export interface RaftIndexReport {
  /** The controller id it was asked about (appRegex `^id$`). */
  askedFor: string;
  /** Its value, or null when the answer held none for that id (it is not that controller). */
  index: DataModelIndex | null;
}

/** A certificate one TLS connection to an address presented, read once, when its handshake finished. */
export interface PeerCertificate {
  /** SHA-1 of its DER in 40 lowercase hex: the form of a replica row's `fingerprint`. */
  fingerprint: string;
  /** Its URI SAN spiffe://<trust domain>/controller/<id> (a real controller's has one), or null. */
  spiffeId: string | null;
}

export type SignalName = Exclude<keyof Signals, 'peers'>;
/** The one list of the signals: every walk over all of them goes through it. */
export const SIGNAL_NAMES = [
  'version',
  'health',
  'raft',
  'members',
  'replica',
  'inspection',
] as const satisfies readonly SignalName[];

/** Every signal's outcome, in SIGNAL_NAMES order. */
export function outcomesOf(signals: Signals): Outcome<unknown>[] {
  return SIGNAL_NAMES.map((name) => signals[name] as Outcome<unknown>);
}

/** At least one HTTP exchange succeeded: any well-formed response counts (docs/design.md section 3 rule 5). */
export function answered(signals: Signals): boolean {
  return outcomesOf(signals).some((o) => o.ok || !isNetworkFailure(o.failure.kind));
}

/** The same failure on every signal: nothing of this controller could be read. */
export function failedSignals(failure: Failure): Signals {
  const outcome: Outcome<never> = { ok: false, failure };
  // Typed by the list, not as Signals: a signal missing from SIGNAL_NAMES fails to compile here.
  const all = Object.fromEntries(SIGNAL_NAMES.map((name) => [name, outcome])) as Record<
    (typeof SIGNAL_NAMES)[number],
    Outcome<never>
  >;
  return all;
}

/** How old and how timely a controller's evidence is; watch mode (and the latency history) fill it in. */
export interface Freshness {
  /** Milliseconds since these signals were gathered. */
  ageMs: number;
  /** Older than this is stale (--stale-after); null: never. */
  staleAfterMs: number | null;
  /** How long the poll under way has been pending (watch); null when no poll is under way. */
  pendingMs: number | null;
  /**
   * How long its last answer took: this run's answer (one run), or in watch the last poll when it
   * ran into its deadline (a controller that stopped answering mid-poll stays slow); null otherwise.
   */
  answeredAfterMs: number | null;
  /** Past this the poll is slow for this controller (from its own latency history); null: no history yet. */
  slowAfterMs: number | null;
  /** Milliseconds since its last answer (watch: the last poll that got any), when these signals are not one. */
  answeredAgoMs?: number | null;
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
  /** What earlier views of this watch (or serve) saw of the leader; absent in a single run, which sees one leader. */
  elections?: ElectionHistory;
}

/** One leader change: the first view that named `to` after views that named `from` (leaderless ones between). */
export interface RecordedLeaderChange {
  at: string;
  from: string;
  to: string;
}

/** The leaders earlier views named, as watch mode carries them from view to view (src/reconcile/elections.ts). */
export interface ElectionHistory {
  /** The leader the newest view that had one named; null until a view names one. */
  lastLeader: string | null;
  /** The changes within the election window, oldest first (older ones are dropped as time passes). */
  recent: RecordedLeaderChange[];
  /** Every change since the watch began: serve's counter. */
  total: number;
  /** The newest change, also once it has left the window; null before any. */
  last: RecordedLeaderChange | null;
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

/** What is known of an address before it is polled: how it was found. */
export type TargetOrigin = Pick<TargetEvidence, 'origin' | 'source' | 'expectedId'>;

export function targetEvidence(at: TargetOrigin, signals: Signals, freshness?: Freshness): TargetEvidence {
  const target: TargetEvidence = { origin: at.origin, source: at.source, signals };
  if (at.expectedId !== undefined) target.expectedId = at.expectedId;
  if (freshness !== undefined) target.freshness = freshness;
  return target;
}

/** Targets in origin order: settled evidence must not depend on which controller answered first. */
export function settledEvidence(
  targets: readonly TargetEvidence[],
  unpolled: UnpolledController[],
  discover: boolean,
): Evidence {
  const evidence: Evidence = { targets: [...targets].sort((a, b) => compareText(a.origin, b.origin)), unpolled };
  if (!discover) evidence.discoveryOff = true;
  return evidence;
}
