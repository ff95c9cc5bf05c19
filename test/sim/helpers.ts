// Test helpers: HTTP against the simulator without connection reuse, and waiting on cluster events.
import { once } from 'node:events';
import { Agent, request, type Dispatcher } from 'undici';
import type { SimCluster } from '../../src/sim/index.js';
import type { ControllersBody, MembersBody } from './bodies.js';

// pipelining 0 disables keep-alive: after kill() a new request must see the refused port, not a dead pooled socket.
export const agent = new Agent({ pipelining: 0 });

/** `Body`: what the caller expects the endpoint to answer (./bodies.ts); taken on its word, not checked. */
export interface Reply<Body = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The text parsed as JSON; undefined when it is not JSON. */
  body: Body;
}

export interface SendOptions {
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  /** Default: the shared plain-HTTP agent. */
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

/** One request, never following redirects (undici's request does not), body read as text and JSON if it parses. */
export async function send<Body = unknown>(url: string, opts: SendOptions = {}): Promise<Reply<Body>> {
  const res = await request(url, {
    dispatcher: opts.dispatcher ?? agent,
    method: opts.method ?? 'GET',
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.body.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, body: body as Body };
}

export function get<Body = unknown>(
  url: string,
  opts: { signal?: AbortSignal; method?: 'GET' | 'POST' } = {},
): Promise<Reply<Body>> {
  return send<Body>(url, opts);
}

/** Request options for a form-urlencoded POST. */
export function form(fields: Record<string, string>): Pick<SendOptions, 'method' | 'headers' | 'body'> {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

/** Request options for a JSON POST. */
export function postJson(value: object): Pick<SendOptions, 'method' | 'headers' | 'body'> {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** GET the body of a 200 answer (`Body` as for send); fails the test on any other status. */
export async function getOk<Body = unknown>(url: string): Promise<Body> {
  const reply = await get<Body>(url);
  if (reply.status !== 200) throw new Error(`GET ${url}: HTTP ${reply.status} ${reply.text}`);
  return reply.body;
}

/** The error code of a failed request (ECONNREFUSED, UND_ERR_ABORTED, ...). */
export async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    // DOMException (abort, timeout) has a numeric legacy code: its name is what tells them apart.
    const e = err as { code?: unknown; name?: string; cause?: { code?: unknown } };
    if (typeof e.code === 'string') return e.code;
    if (typeof e.cause?.code === 'string') return e.cause.code;
    return e.name ?? 'unknown';
  }
  throw new Error('expected the request to fail');
}

export interface ReplicaRow {
  id: string;
  isOnline: boolean;
  lastJoinedAt: string | null;
  updatedAt: string;
}

/** Every row of a node's own replica (one page of up to 500). */
export async function replica(cluster: SimCluster, id: string): Promise<Map<string, ReplicaRow>> {
  const body = await getOk<ControllersBody>(`${cluster.url(id)}/edge/management/v1/controllers?limit=500`);
  return new Map(body.data.map((row): [string, ReplicaRow] => [row.id, row]));
}

export interface MemberRow {
  id: string;
  leader: boolean;
  connected: boolean;
  version: string;
}

export async function members(cluster: SimCluster, id: string): Promise<Map<string, MemberRow>> {
  const body = await getOk<MembersBody>(`${cluster.url(id)}/fabric/v1/cluster/list-members`);
  return new Map(body.data.map((m): [string, MemberRow] => [m.id, m]));
}

/** isOnline of `of` in `from`'s replica. */
export async function onlineIn(cluster: SimCluster, from: string, of: string): Promise<boolean | undefined> {
  return (await replica(cluster, from)).get(of)?.isOnline;
}

/** Resolves once ground-truth leadership satisfies `want` (immediately if it already does). */
export function leaderWhere(cluster: SimCluster, want: (leader: string | null) => boolean): Promise<string | null> {
  return new Promise((resolve) => {
    if (want(cluster.leaderId())) return resolve(cluster.leaderId());
    const onLeader = (leader: string | null) => {
      if (!want(leader)) return;
      cluster.off('leader', onLeader);
      resolve(leader);
    };
    cluster.on('leader', onLeader);
  });
}

/** Resolves at the first 'change' after which `check` holds (immediately if it already does). */
export function changeWhere(cluster: SimCluster, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const onChange = () => {
      if (!check()) return;
      cluster.off('change', onChange);
      resolve();
    };
    cluster.on('change', onChange);
  });
}

/**
 * Re-checks an async condition after every 'change' until it holds; the listener is set before each check,
 * so no change is missed.
 */
export async function untilAsync(cluster: SimCluster, check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    const controller = new AbortController();
    const next = once(cluster, 'change', { signal: controller.signal }).catch(() => undefined);
    if (await check()) {
      controller.abort();
      return;
    }
    await next;
  }
}
