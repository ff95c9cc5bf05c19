// Where a replica row says its controller can be reached: the basis of discovery and of tying a
// polled URL to a controller id. Pure.
import type { ControllerDetail } from './schemas/controllers.js';

/** Origin of an address a controller published, or null when it is not an http(s) URL. */
export function originOf(address: string): string | null {
  let origin = originCache.get(address);
  if (origin === undefined) {
    origin = computeOrigin(address);
    originCache.set(address, origin);
  }
  return origin;
}

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
const addressCache = new WeakMap<ControllerDetail, string[]>();
const originCache = new Map<string, string | null>();
const keyCache = new Map<string, string>();

/** Origins a replica row names for the controller, edge-management first (what we poll). */
export function addressesOf(row: ControllerDetail): string[] {
  let origins = addressCache.get(row);
  if (origins === undefined) {
    origins = computeAddresses(row);
    addressCache.set(row, origins);
  }
  return origins;
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
export function originKey(origin: string): string {
  let key = keyCache.get(origin);
  if (key === undefined) {
    key = computeKey(origin);
    keyCache.set(origin, key);
  }
  return key;
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
