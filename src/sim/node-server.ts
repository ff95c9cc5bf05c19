// The HTTP(S) listener of one simulated controller: kill/restart, hanging, latency, and socket tracking.
// Its TLS settings and peer certificates are in node-tls.ts; the request and answer shapes in node-call.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer } from 'node:http2';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Answer, Call } from './node-call.js';
import { peerOf, type NodeTls } from './node-tls.js';

// Re-exported: RawHandler's users (the hostile tests) take the Answer it edits from here too.
export type { Answer } from './node-call.js';

/** What the server asks the cluster at request time, so answers always reflect the current state. */
export interface NodeBehaviour {
  /** A request arrived and its body was read (before any hang or delay). */
  received(call: Call): void;
  isHung(): boolean;
  /** A request reached a hung node and will not be answered (until resume). */
  parked(): void;
  /** A connection reached a hung HTTPS node, whose handshake waits (until resume). */
  heldHandshake(): void;
  delayMs(): number;
  answer(call: Call): Answer;
  /** A test's takeover of every request to this node (see RawHandler), or null to serve normally. */
  rawHandler(): RawHandler | null;
}

/**
 * Takes over a request before the node reads it, for hostile behaviours the fault list cannot
 * express (dripped or endless bodies, a reset mid-body, bytes that are not HTTP). `next` serves
 * the request the normal way instead (hangs, latency and faults included), its answer optionally
 * edited first, so a handler can break one endpoint and leave the rest alone.
 */
export type RawHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  socket: Socket,
  next: (edit?: (answer: Answer) => Answer) => void,
) => void;

interface Parked {
  call: Call;
  req: IncomingMessage;
  res: ServerResponse;
  edit?: (answer: Answer) => Answer;
}

/** Bodies beyond this are cut off: the simulator only reads small login forms. */
const MAX_BODY_BYTES = 1 << 20;

export class NodeServer {
  private server: NetServer | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly delays = new Set<NodeJS.Timeout>();
  private parked: Parked[] = [];
  /** Connections to a hung HTTPS node, not yet read: their ClientHello waits in the socket. */
  private heldHandshakes: Socket[] = [];
  private https: NetServer | null = null;
  port = 0;

  constructor(
    private readonly host: string,
    private readonly behaviour: NodeBehaviour,
    private readonly tls?: NodeTls,
  ) {}

  /**
   * Listens on `port` (0 the first time; the same port again on restart, like a restarted process).
   * HTTPS listens through a plain TCP server that hands each connection, unread, to the HTTPS
   * server, except while hung: a stopped process's kernel still accepts connections, but nothing
   * reads the ClientHello, so the handshake waits (see SimCluster.hang).
   */
  async listen(port = this.port): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res);
    const tls = this.tls;
    // rejectUnauthorized false: a missing or foreign client certificate is judged per request (a 401),
    // not by the handshake. ALPN offers h2 and http/1.1, as a real controller's listener does; the
    // compatibility API hands both to the same handler.
    const https = tls
      ? createSecureServer(
          {
            key: tls.key,
            cert: tls.cert,
            ...(tls.ca ? { ca: tls.ca } : {}),
            requestCert: tls.requestCert ?? false,
            rejectUnauthorized: false,
            allowHTTP1: true,
          },
          handler as unknown as Parameters<typeof createSecureServer>[1],
        )
      : null;
    const server: NetServer = https
      ? createNetServer({ pauseOnConnect: true }, (socket) =>
          this.behaviour.isHung() ? this.holdHandshake(socket) : https.emit('connection', socket),
        )
      : createServer(handler);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.https = https;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('simulated controller has no TCP address');
    this.port = address.port;
    this.server = server;
  }

  /** The process dies: the port refuses connections and every open connection is reset. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const t of this.delays) clearTimeout(t);
    this.delays.clear();
    this.parked = [];
    this.heldHandshakes = [];
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /** SIGCONT: held handshakes go on and requests that arrived while hung are answered now, with the current state. */
  releaseParked(): void {
    const held = this.heldHandshakes;
    this.heldHandshakes = [];
    for (const socket of held) if (!socket.destroyed) this.https?.emit('connection', socket);
    const parked = this.parked;
    this.parked = [];
    for (const p of parked) this.respond(p);
  }

  private holdHandshake(socket: Socket): void {
    this.heldHandshakes.push(socket);
    this.behaviour.heldHandshake();
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const raw = this.behaviour.rawHandler();
    if (raw === null) this.serve(req, res);
    else raw(req, res, req.socket, (edit) => this.serve(req, res, edit));
  }

  private serve(req: IncomingMessage, res: ServerResponse, edit?: (answer: Answer) => Answer): void {
    // Read the whole body first: a hung process still has the request in its socket buffer.
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.once('end', () => {
      const call: Call = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        peer: peerOf(req.socket),
        remoteAddress: req.socket.remoteAddress ?? '',
      };
      this.dispatch(edit ? { call, req, res, edit } : { call, req, res });
    });
  }

  private dispatch(parked: Parked): void {
    this.behaviour.received(parked.call);
    if (this.behaviour.isHung()) {
      this.park(parked);
      return;
    }
    const delay = this.behaviour.delayMs();
    if (delay <= 0) {
      this.respond(parked);
      return;
    }
    const timer = setTimeout(() => {
      this.delays.delete(timer);
      if (this.behaviour.isHung()) this.park(parked);
      else this.respond(parked);
    }, delay);
    this.delays.add(timer);
  }

  private park(parked: Parked): void {
    this.parked.push(parked);
    this.behaviour.parked();
  }

  private respond({ call, req, res, edit }: Parked): void {
    if (res.writableEnded || res.destroyed || req.socket.destroyed) return;
    const normal = this.behaviour.answer(call);
    const answer = edit ? edit(normal) : normal;
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(answer.body),
      ...answer.headers,
    };
    for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name]; // '' = not sent
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }
}
