// The HTTP listener of one simulated controller: kill/restart, hanging, latency, and socket tracking.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** What the server asks the cluster at request time, so answers always reflect the current state. */
export interface NodeBehaviour {
  isHung(): boolean;
  /** A request reached a hung node and will not be answered (until resume). */
  parked(): void;
  delayMs(): number;
  answer(method: string, url: string): Answer;
}

interface Parked {
  req: IncomingMessage;
  res: ServerResponse;
}

export class NodeServer {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly delays = new Set<NodeJS.Timeout>();
  private parked: Parked[] = [];
  port = 0;

  constructor(
    private readonly host: string,
    private readonly behaviour: NodeBehaviour,
  ) {}

  /** Listens on `port` (0 the first time; the same port again on restart, like a restarted process). */
  async listen(port = this.port): Promise<void> {
    const server = createServer((req, res) => this.onRequest(req, res));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
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
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /** SIGCONT: requests that arrived while hung are answered now, with the current state. */
  releaseParked(): void {
    const parked = this.parked;
    this.parked = [];
    for (const p of parked) this.respond(p);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    // Read (and discard) the body: a hung process still has the request in its socket buffer.
    req.resume();
    const parked = { req, res };
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

  private respond({ req, res }: Parked): void {
    if (res.writableEnded || res.destroyed || req.socket.destroyed) return;
    const answer = this.behaviour.answer(req.method ?? 'GET', req.url ?? '/');
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(answer.body),
      ...answer.headers,
    });
    res.end(answer.body);
  }
}
