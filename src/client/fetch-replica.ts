// Reads a controller's whole replica of the controllers table, paging to the end: `ziti fabric
// list controllers` sends no limit and silently shows only the first 10 rows.
import type { Failure, Outcome } from '../evidence.js';
import { listControllersEnvelopeSchema, type ControllerDetail } from '../schemas/controllers.js';
import { Memo } from '../memo.js';
import { fetchJson } from './fetch-json.js';
import type { HttpClient } from './http-client.js';

export const CONTROLLERS_PATH = '/edge/management/v1/controllers';
const PAGE_LIMIT = 500; // the server's maximum
// Real clusters have 3 to 9 controllers; past this a server is lying or broken, and reading on
// would spend the run's deadline (and reconcile's time) on it.
const MAX_ROWS = 10_000;
// The leader stamps lastJoinedAt with its own clock; NTP keeps honest clocks within seconds, so a
// join further ahead of ours than this is a broken clock or a forged row, not drift. Smaller skew
// is kept (and rendered as "in 2m (clock skew?)").
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export async function fetchReplica(
  client: HttpClient,
  origin: string,
  headers: Record<string, string> = {},
  now: () => number = Date.now,
  memo: Memo = new Memo(),
): Promise<Outcome<ControllerDetail[]>> {
  const rows: ControllerDetail[] = [];
  const firstOffset = new Map<string, number>();
  let offset = 0;
  let latencyMs = 0;
  let status = 200;
  for (let page = 0; rows.length <= MAX_ROWS; page++) {
    const url = new URL(`${CONTROLLERS_PATH}?limit=${PAGE_LIMIT}&offset=${offset}`, origin);
    const outcome = await fetchJson(
      client,
      url,
      { schema: listControllersEnvelopeSchema, acceptStatus: [200] },
      headers,
    );
    if (!outcome.ok) return outcome;
    if (page === 0) latencyMs = outcome.latencyMs;
    status = outcome.status;
    const { data, meta } = outcome.value;
    const nowMs = now();
    for (let i = 0; i < data.length; i++) {
      const row = data[i]!;
      const seenAt = firstOffset.get(row.id);
      // Silently keeping one of two rows would pick an answer for the controller at random.
      if (seenAt === offset)
        return invalid(
          `data[${i}].id: duplicate controller id ${quote(row.id)} in the controllers list`,
          status,
          latencyMs,
        );
      if (seenAt !== undefined) {
        return pagingFailure(
          `the page at offset ${offset} repeats ${quote(row.id)} from the page at offset ${seenAt} ` +
            '(the server ignores offset?)',
          latencyMs,
        );
      }
      firstOffset.set(row.id, offset);
      const when = checkJoinTime(memo, row.lastJoinedAt, nowMs);
      if (when !== null) return invalid(`data[${i}].lastJoinedAt: ${when}`, status, latencyMs);
      rows.push(row);
    }
    const total = meta.pagination.totalCount;
    if (rows.length >= total) return { ok: true, value: rows, status, latencyMs };
    if (data.length === 0) {
      return pagingFailure(
        `totalCount says ${total} but the page at offset ${offset} is empty (${rows.length} rows read)`,
        latencyMs,
      );
    }
    offset += data.length;
  }
  return pagingFailure(`more than ${MAX_ROWS} rows`, latencyMs);
}

/** Why a lastJoinedAt cannot be believed, or null when it can. */
function checkJoinTime(memo: Memo, value: string | null, nowMs: number): string | null {
  if (value === null) return null;
  // Every replica repeats the same join times (100 x 100 rows at 100 controllers), and Date.parse
  // is the slow part of checking them: the run's (or watch session's) memo parses each once.
  const at = memo.joinTimes.get(value, Date.parse);
  if (Number.isNaN(at)) return `${quote(value)} is not an RFC3339 time`;
  const ahead = at - nowMs;
  if (ahead <= MAX_CLOCK_SKEW_MS) return null;
  return (
    `${value} is ${describeSpan(ahead)} ahead of this host's clock ` +
    `(clock skew of more than ${MAX_CLOCK_SKEW_MS / 60_000} min, or a forged row)`
  );
}

function describeSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

/**
 * Values from a controller go into messages quoted (C0 controls escaped) and cut short; renderers neutralise
 * the rest.
 */
function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value);
}

function invalid(detail: string, status: number, latencyMs: number): Outcome<ControllerDetail[]> {
  const failure: Failure = { kind: 'schema', status, message: `unexpected payload on ${CONTROLLERS_PATH}: ${detail}` };
  return { ok: false, latencyMs, failure };
}

function pagingFailure(detail: string, latencyMs: number): Outcome<ControllerDetail[]> {
  return {
    ok: false,
    latencyMs,
    failure: { kind: 'paging', message: `paging of ${CONTROLLERS_PATH} is inconsistent: ${detail}` },
  };
}
