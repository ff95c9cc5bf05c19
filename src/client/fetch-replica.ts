// Reads a controller's whole replica of the controllers table, paging to the end: `ziti fabric
// list controllers` sends no limit and silently shows only the first 10 rows.
import type { Outcome } from '../evidence.js';
import { listControllersEnvelopeSchema, type ControllerDetail } from '../schemas/controllers.js';
import { fetchJson } from './fetch-json.js';
import type { HttpClient } from './http-client.js';

export const CONTROLLERS_PATH = '/edge/management/v1/controllers';
const PAGE_LIMIT = 500; // the server's maximum
// Real clusters have 3 to 9 controllers; past this a server is lying or broken, and reading on
// would spend the run's deadline (and reconcile's time) on it.
const MAX_ROWS = 10_000;

export async function fetchReplica(client: HttpClient, origin: string, headers: Record<string, string> = {}): Promise<Outcome<ControllerDetail[]>> {
  const rows: ControllerDetail[] = [];
  let offset = 0;
  let latencyMs = 0;
  let status = 200;
  for (let page = 0; rows.length <= MAX_ROWS; page++) {
    const url = new URL(`${CONTROLLERS_PATH}?limit=${PAGE_LIMIT}&offset=${offset}`, origin);
    const outcome = await fetchJson(client, url, { schema: listControllersEnvelopeSchema, acceptStatus: [200] }, headers);
    if (!outcome.ok) return outcome;
    if (page === 0) latencyMs = outcome.latencyMs;
    status = outcome.status;
    const { data, meta } = outcome.value;
    rows.push(...data);
    const total = meta.pagination.totalCount;
    if (rows.length >= total) return { ok: true, value: dedupeById(rows), status, latencyMs };
    if (data.length === 0) {
      return pagingFailure(`totalCount says ${total} but the page at offset ${offset} is empty (${rows.length} rows read)`, latencyMs);
    }
    offset += data.length;
  }
  return pagingFailure(`more than ${MAX_ROWS} rows`, latencyMs);
}

function pagingFailure(detail: string, latencyMs: number): Outcome<ControllerDetail[]> {
  return { ok: false, latencyMs, failure: { kind: 'paging', message: `paging of ${CONTROLLERS_PATH} is inconsistent: ${detail}` } };
}

// A server that repeats rows across pages must not make one controller appear twice.
function dedupeById(rows: ControllerDetail[]): ControllerDetail[] {
  const seen = new Map<string, ControllerDetail>();
  for (const row of rows) if (!seen.has(row.id)) seen.set(row.id, row);
  return [...seen.values()];
}
