// Gathers the six signals of one controller concurrently (docs/design.md section 2); the raft-index
// inspection asks about the controller the certificate names, or else waits for the replica to say.
import { type Failure, isNetworkFailure, type Outcome, type Signals } from '../evidence.js';
import { Memo } from '../memo.js';
import { clusterMemberListSchema } from '../schemas/cluster-members.js';
import { healthSchema, raftHealthSchema, type Health } from '../schemas/health.js';
import { versionEnvelopeSchema } from '../schemas/version.js';
import { controllerIdOf } from '../reconcile/peer-identity.js';
import { fetchRaftIndex, ownIdOf } from './fetch-inspection.js';
import { fetchJson } from './fetch-json.js';
import { fetchReplica } from './fetch-replica.js';
import type { HttpClient } from './http-client.js';
import { authHeader, type Authenticator, type Capabilities } from './auth/authenticator.js';

export const PATHS = {
  version: '/edge/management/v1/version',
  health: '/health-checks',
  raft: '/health-checks/controller/raft',
  members: '/fabric/v1/cluster/list-members',
} as const;

/**
 * Version and health need no login; list-members and the controllers list do (since v2.0).
 * `onReplica` hears the controllers list as soon as it arrives, before the others settle:
 * discovery need not wait for this controller's slowest endpoint. `memo` is the run's or the
 * watch session's, so every replica's join times are parsed once. `expectedId`: the controller a
 * replica's row named this address for (a discovered one): the inspection asks about it at once.
 */
export async function fetchSignals(
  client: HttpClient,
  origin: string,
  auth: Authenticator | null = null,
  {
    onReplica,
    memo,
    expectedId,
  }: { onReplica?: (replica: Signals['replica']) => void; memo?: Memo; expectedId?: string | undefined } = {},
): Promise<Signals> {
  const at = (path: string) => new URL(path, origin);
  const versionPromise = fetchJson(client, at(PATHS.version), {
    schema: versionEnvelopeSchema,
    acceptStatus: [200],
  }).then((o) => mapValue(o, (v) => v.data));
  const capabilities = versionPromise.then((o) => (o.ok ? (o.value.capabilities ?? []) : null));
  const authed = <T>(run: (headers: Record<string, string>) => Promise<Outcome<T>>) =>
    withSession(client, auth, origin, capabilities, run);
  const ids = memo ?? new Memo();
  const replicaPromise = authed((h) => fetchReplica(client, origin, h, Date.now, ids)).then((replica) => {
    onReplica?.(replica);
    return replica;
  });
  const [version, health, raft, members, replica, inspection] = await Promise.all([
    versionPromise,
    fetchHealth(client, at(PATHS.health)),
    // 200 on the leader, 429 on a follower: both carry the body that says which.
    notBoundIs404(fetchJson(client, at(PATHS.raft), { schema: raftHealthSchema, acceptStatus: [200, 429] })),
    authed((h) =>
      fetchJson(client, at(PATHS.members), { schema: clusterMemberListSchema, acceptStatus: [200] }, h),
    ).then((o) => mapValue(o, (v) => v.data)),
    replicaPromise,
    // Over https the certificate says who answers, once the connection is up; over http only a
    // replica's row can, so a discovered address is asked about at once.
    (origin.startsWith('https:') || expectedId === undefined ? versionPromise : Promise.resolve()).then(async () => {
      // Whom to ask about: the controller its certificate names, else the one a replica's row named
      // this address for, else the one its own replica says it is. A wrong guess costs nothing but
      // the index: the lag rule takes an answer only about the row's own id (src/reconcile/lag.ts).
      const named = certifiedIdOf(client, origin) ?? expectedId ?? null;
      if (named !== null) return authed((h) => fetchRaftIndex(client, origin, named, h));
      const replica = await replicaPromise;
      const id = ownIdOf(ids, origin, replica);
      if (id === null) return notAsked(replica, await versionPromise);
      return authed((h) => fetchRaftIndex(client, origin, id, h));
    }),
  ]);
  const signals: Signals = { version, health, raft, members, replica, inspection };
  // Who answered, as TLS told it: the certificates of the connections these requests could have used.
  const peers = client.takePeers(at('/').origin);
  if (peers.length > 0) signals.peers = peers;
  return signals;
}

/** The controller id the open connections' certificates name, when they name exactly one. */
function certifiedIdOf(client: HttpClient, origin: string): string | null {
  const ids = new Set(client.openSpiffeIds(origin).map(controllerIdOf));
  return ids.size === 1 ? [...ids][0]! : null;
}

/**
 * The inspection was not asked: nothing said which controller this address is. Its outcome carries
 * the latency of an exchange that did happen (so a row's latency, the quickest answer, is unchanged);
 * when none did, it is the replica's failure: nothing was answered, which is what that says.
 */
function notAsked(replica: Signals['replica'], version: Signals['version']): Signals['inspection'] {
  const latencyMs = replica.latencyMs ?? version.latencyMs;
  if (latencyMs === undefined && !replica.ok) return { ok: false, failure: replica.failure };
  return { ok: true, value: null, status: replica.ok ? replica.status : 0, latencyMs: latencyMs ?? 0 };
}

/**
 * Runs an authenticated request; after a 401 logs in to this controller once and retries once.
 * A login that got an answer and failed, for whatever reason, is marked `auth: 'login'`; a 401
 * with no credentials given at all, `auth: 'no-login'` (docs/design.md section 2).
 */
export async function withSession<T>(
  client: HttpClient,
  auth: Authenticator | null,
  origin: string,
  capabilities: Capabilities,
  run: (headers: Record<string, string>) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const session = auth === null ? null : await auth.session(client, origin, capabilities);
  if (session === null) return withoutLogin(await run({}));
  if (!session.ok) return loginFailure(session.failure);
  const first = await run(authHeader(session.session));
  if (first.ok || first.failure.status !== 401 || !auth!.canRenew()) return first;
  const renewed = await auth!.renew(client, origin, capabilities);
  return renewed.ok ? run(authHeader(renewed.session)) : loginFailure(renewed.failure);
}

function loginFailure<T>(failure: Failure): Outcome<T> {
  return { ok: false, failure: isNetworkFailure(failure.kind) ? failure : { ...failure, auth: 'login' } };
}

function withoutLogin<T>(outcome: Outcome<T>): Outcome<T> {
  if (outcome.ok || outcome.failure.status !== 401) return outcome;
  return { ...outcome, failure: { ...outcome.failure, auth: 'no-login' } };
}

// 404 means the health-checks binding is not configured on this listener (it is optional): no
// signal, not an error.
function fetchHealth(client: HttpClient, url: URL): Promise<Outcome<Health | null>> {
  return notBoundIs404(fetchJson<Health | null>(client, url, { schema: healthSchema, acceptStatus: [200, 503] }));
}

async function notBoundIs404<T>(pending: Promise<Outcome<T>>): Promise<Outcome<T | null>> {
  const outcome = await pending;
  if (!outcome.ok && outcome.failure.status === 404)
    return { ok: true, value: null, status: 404, latencyMs: outcome.latencyMs ?? 0 };
  return outcome;
}

function mapValue<A, B>(outcome: Outcome<A>, map: (value: A) => B): Outcome<B> {
  return outcome.ok ? { ...outcome, value: map(outcome.value) } : outcome;
}
