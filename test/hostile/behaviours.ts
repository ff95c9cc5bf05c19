// Hostile controller behaviours for SimCluster.setRawHandler: broken bodies, broken sockets, hand-made payloads.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Answer, RawHandler } from '../../src/sim/node-server.js';

export const PATHS = {
  controllers: '/edge/management/v1/controllers',
  members: '/fabric/v1/cluster/list-members',
  version: '/edge/management/v1/version',
  health: '/health-checks',
  raft: '/health-checks/controller/raft',
} as const;

export type Path = (typeof PATHS)[keyof typeof PATHS];

/** A JSON object of a served body, open to any edit: a field read, deleted, or set to a value of the wrong type. */
export type JsonObject = { [field: string]: unknown };

/**
 * What the simulator serves at each path (src/sim/payloads.ts), as far as the cases reach into it: the
 * containers they walk are declared, every field stays `unknown` so a case can break it as it likes.
 */
export interface Bodies {
  [PATHS.controllers]: JsonObject & { data: JsonObject[]; meta: JsonObject & { pagination: JsonObject } };
  [PATHS.members]: JsonObject & { data: JsonObject[] };
  [PATHS.version]: JsonObject & { data: JsonObject };
  [PATHS.health]: JsonObject & { data: JsonObject };
  [PATHS.raft]: JsonObject & { data: JsonObject; raft: JsonObject };
}

const pathOf = (req: IncomingMessage) => (req.url ?? '/').split('?')[0];

/** `handler` for requests to `path`; every other endpoint is served normally. */
export function onPath(path: string, handler: RawHandler): RawHandler {
  return (req, res, socket, next) => (pathOf(req) === path ? handler(req, res, socket, next) : next());
}

/** The normal answer of `path`, its JSON body as `edit` leaves it (edited in place). */
export function editJson<P extends Path>(path: P, edit: (body: Bodies[P], req: IncomingMessage) => void): RawHandler {
  return onPath(path, (req, _res, _socket, next) =>
    next((answer: Answer) => {
      const body = JSON.parse(answer.body) as Bodies[P];
      edit(body, req);
      return { ...answer, body: JSON.stringify(body) };
    }),
  );
}

/** A fixed answer: any status, any body (not necessarily JSON), any headers. */
export function reply(status: number, body: string, headers: Record<string, string> = {}): RawHandler {
  return (_req, res) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
  };
}

/**
 * Writes `chunk` as fast as the client takes it (backpressure respected), `total` bytes or forever; returns
 * the bytes accepted so far.
 */
export function flood(total: number | null, counter: { written: number } = { written: 0 }): RawHandler {
  return (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(total === null ? {} : { 'content-length': String(total) }),
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    chunk[0] = 0x5b; // '[': a JSON start that never completes
    let closed = false;
    res.once('close', () => (closed = true));
    const pump = () => {
      while (!closed && (total === null || counter.written < total)) {
        const size = total === null ? chunk.length : Math.min(chunk.length, total - counter.written);
        counter.written += size;
        if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          res.once('drain', pump);
          return;
        }
      }
      if (!closed) res.end();
    };
    pump();
  };
}

/** Headers at once, then one byte of a valid body every `everyMs`: a body that never finishes in time. */
export function drip(everyMs: number): RawHandler {
  return (_req, res) => {
    const body = Buffer.from('{"data": []}');
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length * 1000) });
    let sent = 0;
    const timer = setInterval(() => res.write(body.subarray(sent % body.length, (sent++ % body.length) + 1)), everyMs);
    res.once('close', () => clearInterval(timer));
  };
}

/** Reads the request and never answers; the server's close() destroys the socket. */
export const silent: RawHandler = () => {};

/** Headers and part of the promised body, then the connection is torn down. */
export const resetMidBody: RawHandler = (_req, res, socket) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
  res.write('{"data": [{"id": "ctrl', () => socket.destroy());
};

/** Bytes that are not HTTP in reply to a request (a different protocol on the port), then close. */
export const notHttp: RawHandler = (_req, _res, socket) => {
  socket.end('SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n');
};

/** Every request gets a body that is not JSON. */
export const plainText = (status: number, text: string, contentType = 'text/html'): RawHandler =>
  reply(status, text, { 'content-type': contentType });

/** Drops the error envelope: the status alone, as a proxy in front of the controller would send it. */
export function bareStatus(path: string, status: number, body = ''): RawHandler {
  return onPath(path, plainText(status, body));
}

/** Relays every request to `origin` (another cluster's controller answering at this address). */
export function proxyTo(origin: string): RawHandler {
  return (req, res) => {
    const upstream = httpRequest(
      new URL(req.url ?? '/', origin),
      { method: req.method, headers: { ...req.headers, host: new URL(origin).host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
}
