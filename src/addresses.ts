// Where a replica row says its controller can be reached: the basis of discovery and of tying a
// polled URL to a controller id. Pure: what it remembers lives in the caller's Memo.
import { MEMO_LIMIT, type Memo } from './memo.js';
import type { ControllerDetail } from './schemas/controllers.js';

/** Origin of an address a controller published, or null when it is not an http(s) URL. */
export function originOf(memo: Memo, address: string): string | null {
  return memo.origins.get(address, computeOrigin);
}

function computeOrigin(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Origins a replica row names for the controller, edge-management first (what we poll). */
export function addressesOf(memo: Memo, row: ControllerDetail): readonly string[] {
  let origins = memo.rowOrigins.get(row);
  if (origins === undefined) {
    const previous = memo.lastRowById.get(row.id);
    origins =
      previous !== undefined && sameBindings(previous.apiAddresses, row.apiAddresses)
        ? addressesOf(memo, previous)
        : computeAddresses(memo, row);
    memo.rowOrigins.set(row, origins);
    // Ids come from controllers: a hostile one could send many; this only ever saves work.
    if (memo.lastRowById.size >= MEMO_LIMIT) memo.lastRowById.clear();
    memo.lastRowById.set(row.id, row);
  }
  return origins;
}

type Bindings = ControllerDetail['apiAddresses'];

/** Same APIs in the same order with the same URLs: then the origins are the same, in the same order. */
function sameBindings(a: Bindings, b: Bindings): boolean {
  if (a == null || b == null) return a == null && b == null;
  const apis = Object.keys(a);
  const others = Object.keys(b);
  if (apis.length !== others.length) return false;
  for (let k = 0; k < apis.length; k++) {
    if (apis[k] !== others[k]) return false;
    const x = a[apis[k]!]!;
    const y = b[apis[k]!]!;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i]!.url !== y[i]!.url) return false;
  }
  return true;
}

function computeAddresses(memo: Memo, row: ControllerDetail): string[] {
  const bindings = row.apiAddresses;
  const origins: string[] = [];
  if (bindings == null) return origins;
  addOrigins(memo, origins, bindings['edge-management']);
  for (const api of Object.keys(bindings)) addOrigins(memo, origins, bindings[api]);
  return origins;
}

function addOrigins(memo: Memo, origins: string[], addresses: readonly { url: string }[] | undefined): void {
  if (addresses === undefined) return;
  for (const address of addresses) {
    const origin = originOf(memo, address.url);
    if (origin !== null && !origins.includes(origin)) origins.push(origin);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Key under which two origins count as the same controller address: the URL a user types
 * (localhost) and the one a controller publishes (127.0.0.1) must not become two controllers.
 */
export function originKey(memo: Memo, origin: string): string {
  return memo.originKeys.get(origin, computeKey);
}

function computeKey(origin: string): string {
  try {
    const url = new URL(origin);
    const host = LOOPBACK.has(url.hostname) ? 'loopback' : url.hostname;
    return `${url.protocol}//${host}:${url.port}`;
  } catch {
    return origin;
  }
}
