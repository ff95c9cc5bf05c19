// The positional filter of `list controllers`: the ziti query language is the controller's to
// interpret, so the filter goes to one controller as `filter=` and only the ids it returns count.
import { UsageError } from '../errors.js';
import type { Failure } from '../evidence.js';
import { listControllersEnvelopeSchema } from '../schemas/controllers.js';
import type { Authenticator, Capabilities } from './auth/authenticator.js';
import { fetchJson } from './fetch-json.js';
import { withSession } from './fetch-signals.js';
import type { HttpClient } from './http-client.js';

/** Ids the controller at `origin` returns for `filter`; a 400 (the query does not parse) is a usage error. */
export async function fetchFilteredIds(
  client: HttpClient,
  origin: string,
  auth: Authenticator,
  capabilities: Capabilities,
  filter: string,
): Promise<{ ok: true; ids: Set<string> } | { ok: false; failure: Failure }> {
  const url = new URL('/edge/management/v1/controllers', origin);
  url.searchParams.set('filter', filter);
  url.searchParams.set('limit', '500');
  const outcome = await withSession(client, auth, origin, capabilities, (headers) =>
    fetchJson(client, url, { schema: listControllersEnvelopeSchema, acceptStatus: [200] }, headers),
  );
  if (outcome.ok) return { ok: true, ids: new Set(outcome.value.data.map((r) => r.id)) };
  if (outcome.failure.status === 400)
    throw new UsageError(
      `the filter '${filter}' was rejected by ${origin} (HTTP 400); ` +
        "check the ziti query syntax, e.g. 'isOnline = false'",
    );
  return outcome;
}
