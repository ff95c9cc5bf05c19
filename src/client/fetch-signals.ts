// Gathers the five signals of one controller concurrently (DESIGN.md section 2).
import type { Outcome, Signals } from '../evidence.js';
import { clusterMemberListSchema } from '../schemas/cluster-members.js';
import { healthSchema, raftHealthSchema, type Health } from '../schemas/health.js';
import { versionEnvelopeSchema } from '../schemas/version.js';
import { fetchJson } from './fetch-json.js';
import { fetchReplica } from './fetch-replica.js';
import type { HttpClient } from './http-client.js';

export const PATHS = {
  version: '/edge/management/v1/version',
  health: '/health-checks',
  raft: '/health-checks/controller/raft',
  members: '/fabric/v1/cluster/list-members',
} as const;

export async function fetchSignals(client: HttpClient, origin: string): Promise<Signals> {
  const at = (path: string) => new URL(path, origin);
  const [version, health, raft, members, replica] = await Promise.all([
    fetchJson(client, at(PATHS.version), { schema: versionEnvelopeSchema, acceptStatus: [200] }).then((o) => mapValue(o, (v) => v.data)),
    fetchHealth(client, at(PATHS.health)),
    // 200 on the leader, 429 on a follower: both carry the body that says which.
    fetchJson(client, at(PATHS.raft), { schema: raftHealthSchema, acceptStatus: [200, 429] }),
    fetchJson(client, at(PATHS.members), { schema: clusterMemberListSchema, acceptStatus: [200] }).then((o) => mapValue(o, (v) => v.data)),
    fetchReplica(client, origin),
  ]);
  return { version, health, raft, members, replica };
}

// 404 means the health-checks binding is not configured on this listener: no signal, not an error.
async function fetchHealth(client: HttpClient, url: URL): Promise<Outcome<Health | null>> {
  const outcome = await fetchJson<Health | null>(client, url, { schema: healthSchema, acceptStatus: [200, 503] });
  if (!outcome.ok && outcome.failure.status === 404) return { ok: true, value: null, status: 404, latencyMs: outcome.latencyMs ?? 0 };
  return outcome;
}

function mapValue<A, B>(outcome: Outcome<A>, map: (value: A) => B): Outcome<B> {
  return outcome.ok ? { ...outcome, value: map(outcome.value) } : outcome;
}
