// Asks one controller for its applied raft index: POST /fabric/v1/inspections with
// `data-model-index`, about itself alone (appRegex `^<its id>$`).
//
// Why about itself alone, as real v2.0.3 answers (test/fixtures/real-v2.0.3/inspections/): the
// inspection fans out to every connected peer the regex matches and waits for all of them. With a
// peer hung (SIGSTOP) `.*` answered 503 TIMEOUT after 10 s, with no index at all, while `^ctrl1$`
// answered in 29 ms. A follower's `.*` also lists only the peers its own mesh reaches (a pre-2.1
// follower does not see the other followers), so no single answer covers the cluster anyway.
// Asking each controller about itself costs one request each and no fan-out between controllers.
import { addressesOf, originKey } from '../addresses.js';
import type { Outcome, RaftIndexReport, Signals } from '../evidence.js';
import type { Memo } from '../memo.js';
import { dataModelIndexSchema, inspectResponseSchema } from '../schemas/inspections.js';
import { fetchJson } from './fetch-json.js';
import type { HttpClient } from './http-client.js';

export const INSPECTIONS_PATH = '/fabric/v1/inspections';
const DATA_MODEL_INDEX = 'data-model-index';

/** Go RE2's metacharacters escaped (its QuoteMeta), so an id is matched as itself, never as a pattern. */
export function exactIdPattern(id: string): string {
  return `^${id.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')}$`;
}

/**
 * The id this controller's own replica gives the address we polled, or null when it names none or
 * several (a load balancer, an alias): then we do not know whom to ask about.
 */
export function ownIdOf(memo: Memo, origin: string, replica: Signals['replica']): string | null {
  if (!replica.ok) return null;
  const key = originKey(memo, origin);
  const ids = new Set<string>();
  for (const row of replica.value) if (addressesOf(memo, row).some((o) => originKey(memo, o) === key)) ids.add(row.id);
  return ids.size === 1 ? [...ids][0]! : null;
}

export async function fetchRaftIndex(
  client: HttpClient,
  origin: string,
  id: string,
  headers: Record<string, string>,
): Promise<Outcome<RaftIndexReport>> {
  const url = new URL(INSPECTIONS_PATH, origin);
  const body = JSON.stringify({ appRegex: exactIdPattern(id), requestedValues: [DATA_MODEL_INDEX] });
  const answer = await fetchJson(client, url, { schema: inspectResponseSchema, acceptStatus: [200] }, headers, body);
  if (!answer.ok) return answer;
  const { status, latencyMs } = answer;
  const schemaFailure = (detail: string): Outcome<RaftIndexReport> => ({
    ok: false,
    latencyMs,
    failure: { kind: 'schema', status, message: `unexpected payload on ${INSPECTIONS_PATH}: ${detail}` },
  });
  // success false: the controller itself says the inspection failed (its errors name why).
  if (!answer.value.success)
    return schemaFailure(`the inspection failed: ${(answer.value.errors ?? []).join('; ') || 'no reason given'}`);
  const own = (answer.value.values ?? []).find((v) => v.appId === id && v.name === DATA_MODEL_INDEX);
  if (own === undefined) return { ok: true, value: { askedFor: id, index: null }, status, latencyMs };
  const index = dataModelIndexSchema.safeParse(own.value);
  if (!index.success) return schemaFailure(`${DATA_MODEL_INDEX} of ${JSON.stringify(id)} is not {index, timeline}`);
  return { ok: true, value: { askedFor: id, index: index.data }, status, latencyMs };
}
