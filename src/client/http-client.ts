// The one HTTP client of a run: a single undici Agent, the run deadline on every request, a cap on
// body size, and no redirects followed (a redirect could carry credentials to another origin).
// undici comes through undici-internals.ts: the Agent and its request() without undici's index.
import { EventEmitter } from 'node:events';
import { finished, type Readable } from 'node:stream';
import type { Failure, PeerCertificate } from '../evidence.js';
import type { Deadline } from './deadline.js';
import { type TlsStats, watchHandshakes } from './handshake-watch.js';
import { classifyNetworkError, deadlineFailure } from './network-errors.js';
import { createAgent } from './agent.js';
import { IdleClose } from './idle-close.js';
import { TlsSessions } from './tls-sessions.js';
import { request as dispatchRequest } from './undici-internals.js';

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Time to response headers: the controller's answer latency, not our download time. */
  latencyMs: number;
}

export type Exchange = { ok: true; response: RawResponse } | { ok: false; failure: Failure; latencyMs?: number };

export interface HttpRequest {
  method?: 'GET' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpClient {
  send(request: HttpRequest): Promise<Exchange>;
  get(url: URL, headers?: Record<string, string>): Promise<Exchange>;
  /** The same connections under another deadline: watch mode gives each poll its own. */
  withDeadline(deadline: Deadline): HttpClient;
  /**
   * The distinct certificates the TLS connections to `origin` presented since the last call (and
   * those still open): a poll takes them when done. Empty over plain http.
   */
  takePeers(origin: string): PeerCertificate[];
  /** The SPIFFE ids the connections to `origin` open now presented; nothing is taken. Empty over plain http. */
  openSpiffeIds(origin: string): string[];
  /** Connections and TLS handshakes so far (ZITI_STATUS_DEBUG_TLS). */
  tlsStats(): TlsStats;
  close(): Promise<void>;
}

/** PEM contents, not paths: files are read (and their errors reported) by the config layer. */
export interface TlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  /** --insecure: skip certificate verification (warned about by the caller). */
  insecure?: boolean;
}

export interface HttpClientOptions {
  deadline: Deadline;
  maxBodyBytes?: number;
  tls?: TlsOptions;
  /** TLS sessions to resume (a store loaded them for these TLS options); none: a fresh set. */
  sessions?: TlsSessions;
  /** An https connection idle this long is closed (idle-close.ts); tests shorten it. */
  idleCloseMs?: number;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const tls = options.tls ?? {};
  const handshakes = watchHandshakes(
    { rejectUnauthorized: tls.insecure !== true, ca: tls.ca, cert: tls.cert, key: tls.key },
    { allowH2: true, sessions: options.sessions ?? new TlsSessions() },
  );
  const agent = createAgent(handshakes);
  const idle = new IdleClose((origin) => handshakes.closeConnections(origin), options.idleCloseMs);

  async function send(deadline: Deadline, { method = 'GET', url, headers = {}, body }: HttpRequest): Promise<Exchange> {
    const started = performance.now();
    if (deadline.expired()) return { ok: false, failure: deadlineFailure(deadline.totalMs, url.origin) };
    const aborted = abortEmitterFor(deadline.signal);
    const tracked = url.protocol === 'https:';
    if (tracked) idle.begin(url.origin);
    try {
      const res = await settleByDeadline(
        aborted,
        dispatchRequest.call(agent, {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method,
          headers: { accept: 'application/json', ...headers },
          body,
          signal: aborted,
          // Nothing here is retried by undici, and HTTP/1.1 is never pipelined (agent.ts): a login's
          // POST may share an h2 connection with the GETs in flight instead of waiting for them.
          idempotent: true,
          // The run deadline bounds everything; these only stop undici's own 300 s defaults.
          headersTimeout: deadline.totalMs,
          bodyTimeout: deadline.totalMs,
        }),
      );
      const latencyMs = Math.round(performance.now() - started);
      const content = await readCapped(res.body, maxBodyBytes);
      if (content === null) {
        return {
          ok: false,
          latencyMs,
          failure: {
            kind: 'too-large',
            status: res.statusCode,
            message: `body larger than ${maxBodyBytes} bytes from ${url.origin}${url.pathname}`,
          },
        };
      }
      return { ok: true, response: { status: res.statusCode, headers: res.headers, body: content, latencyMs } };
    } catch (err) {
      const failure = deadline.expired()
        ? deadlineFailure(deadline.totalMs, url.origin, handshakes.stalledInHandshake(url.origin))
        : classifyNetworkError(err, url);
      return { ok: false, failure };
    } finally {
      if (tracked) idle.end(url.origin);
    }
  }

  const clientFor = (deadline: Deadline): HttpClient => ({
    send: (request) => send(deadline, request),
    get: (url, headers) => send(deadline, { url, headers }),
    withDeadline: clientFor,
    takePeers: (origin) => handshakes.peers.take(origin),
    openSpiffeIds: (origin) => handshakes.peers.openSpiffeIds(origin),
    tlsStats: () => handshakes.stats(),
    // destroy, not close: a hung controller's socket must not hold the process open.
    close: () => {
      idle.dispose();
      return agent.destroy();
    },
  });
  return clientFor(options.deadline);
}

const abortEmitters = new WeakMap<AbortSignal, AbortEmitter>();

type AbortEmitter = EventEmitter & { aborted: boolean; reason: unknown };

/**
 * The deadline's signal as undici's other kind of signal, an EventEmitter with `aborted` and
 * `reason`: every request adds a listener and removes it when done, which an AbortSignal (an
 * EventTarget) makes cost ~12 µs a request, 6 ms of a run at 100 controllers. One per deadline.
 */
function abortEmitterFor(signal: AbortSignal): AbortEmitter {
  let emitter = abortEmitters.get(signal);
  if (emitter === undefined) {
    const created = Object.assign(new EventEmitter(), { aborted: signal.aborted, reason: signal.reason as unknown });
    created.setMaxListeners(0); // one listener per request in flight, by design
    signal.addEventListener(
      'abort',
      () => {
        created.aborted = true;
        created.reason = signal.reason;
        created.emit('abort');
      },
      { once: true },
    );
    abortEmitters.set(signal, created);
    emitter = created;
  }
  return emitter;
}

/**
 * undici hears a request's signal only once the request is written to a socket: while the socket
 * is still connecting or in its TLS handshake (a SIGSTOPped controller accepts TCP but never
 * answers the ClientHello), an abort waits for undici's own 10 s connect timeout. So the deadline
 * settles the request itself; undici drops the queued request when its socket connects or fails.
 */
function settleByDeadline<T>(aborted: AbortEmitter, pending: Promise<T>): Promise<T> {
  if (aborted.aborted) return Promise.reject(aborted.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted.reason);
    aborted.once('abort', onAbort);
    pending.then(
      (value) => {
        aborted.off('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        aborted.off('abort', onAbort);
        reject(err);
      },
    );
  });
}

/**
 * Reads at most `limit` bytes; returns null (and drops the connection) when the body is larger.
 * With 'data' events rather than an async iterator, which costs a promise per chunk: at 100
 * controllers a run reads some 3,000 chunks. finished() reports an error or an early close.
 */
function readCapped(body: Readable, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        body.destroy();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    finished(body, (err) => {
      if (tooLarge) return;
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    });
  });
}
