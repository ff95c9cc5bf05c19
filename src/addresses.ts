// Where a replica row says its controller can be reached: the basis of discovery and of tying a
// polled URL to a controller id. Pure.
import { memoize } from './memo.js';
import type { ControllerDetail } from './schemas/controllers.js';

/** Origin of an address a controller published, or null when it is not an http(s) URL. */
export const originOf = memoize(computeOrigin);

function computeOrigin(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

// Every replica holds a row for every controller, and several rules ask for the same row's
// addresses: with 100 controllers that is 10,000 rows, so each row's answer is kept, and each
// address string (the same few hundred in every replica) is parsed as a URL once.
const addressCache = new WeakMap<ControllerDetail, readonly string[]>();

// The row last seen for each id: the next replica's row for that id nearly always publishes the
// same addresses, and comparing URL strings is far cheaper than looking each one up.
const lastRowById = new Map<string, ControllerDetail>();

/** Origins a replica row names for the controller, edge-management first (what we poll). */
export function addressesOf(row: ControllerDetail): readonly string[] {
  let origins = addressCache.get(row);
  if (origins === undefined) {
    const previous = lastRowById.get(row.id);
    origins = previous !== undefined && sameBindings(previous.apiAddresses, row.apiAddresses) ? addressesOf(previous) : computeAddresses(row);
    addressCache.set(row, origins);
    // Ids come from controllers: a hostile one could send many; this only ever saves work.
    if (lastRowById.size >= 10_000) lastRowById.clear();
    lastRowById.set(row.id, row);
  }
  return origins;
}

type Bindings = ControllerDetail['apiAddresses'];

/** Same APIs in the same order with the same URLs: then the origins are the same, in the same order. */
function sameBindings(a: Bindings, b: Bindings): boolean {
  if (a == null || b == null) return a == b;
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

function computeAddresses(row: ControllerDetail): string[] {
  const bindings = row.apiAddresses;
  const origins: string[] = [];
  if (bindings == null) return origins;
  addOrigins(origins, bindings['edge-management']);
  for (const api of Object.keys(bindings)) addOrigins(origins, bindings[api]);
  return origins;
}

function addOrigins(origins: string[], addresses: readonly { url: string }[] | undefined): void {
  if (addresses === undefined) return;
  for (const address of addresses) {
    const origin = originOf(address.url);
    if (origin !== null && !origins.includes(origin)) origins.push(origin);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Key under which two origins count as the same controller address: the URL a user types
 * (localhost) and the one a controller publishes (127.0.0.1) must not become two controllers.
 */
export const originKey = memoize(computeKey);

function computeKey(origin: string): string {
  try {
    const url = new URL(origin);
    const host = LOOPBACK.has(url.hostname) ? 'loopback' : url.hostname;
    return `${url.protocol}//${host}:${url.port}`;
  } catch {
    return origin;
  }
}
