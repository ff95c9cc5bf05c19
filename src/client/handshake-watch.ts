// undici's connector, watched: which origins have every socket stuck in its TLS handshake, so a
// run deadline that cuts a request short can say the handshake, not the answer, never came; which
// certificate each connection presented, read once as its handshake finishes (peer-log.ts); and
// how many connections and handshakes a run made (ZITI_STATUS_DEBUG_TLS, docs/design.md section 9).
// TLS is set up once per run: one secure context (the CA set parsed once), one connector per
// origin, so a TLS session is only ever offered back to the origin that issued it (tls-sessions.ts).
import type { SecureContext, TLSSocket } from 'node:tls';
import { PeerLog } from './peer-log.js';
import type { TlsSessions } from './tls-sessions.js';
import { buildConnector } from './undici-internals.js';

type Connector = ReturnType<typeof buildConnector>;

/** How TLS is verified: the same for every connection of a run. */
export interface TlsSettings {
  rejectUnauthorized: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

export interface TlsStats {
  /** TCP connections opened (http and https). */
  connections: number;
  /** TLS handshakes that finished, resumed ones included. */
  handshakes: number;
  resumed: number;
}

export interface HandshakeWatch {
  /** The Agent's `connect` option: undici's own connector with these TLS options. */
  connect: Connector;
  /**
   * Every open socket to `origin` has connected over TCP but not finished its TLS handshake (and
   * there is at least one): a request to it can be waiting on nothing else.
   */
  stalledInHandshake(origin: string): boolean;
  /** The certificates connections presented, per origin. */
  peers: PeerLog;
  /** The protocol ALPN chose on the newest TLS connection to `origin` ('h2', 'http/1.1'), or null. */
  protocolOf(origin: string): string | null;
  /** Ends every TLS connection to `origin`: called only when none carries a request (idle-close.ts). */
  closeConnections(origin: string): void;
  stats(): TlsStats;
}

export function watchHandshakes(
  tls: TlsSettings,
  { allowH2, sessions }: { allowH2: boolean; sessions: TlsSessions },
): HandshakeWatch {
  const plain = buildConnector({});
  let context: SecureContext | null = null;
  // Per origin: its connector (rebuilt when it is given a session to resume).
  const connectors = new Map<string, Connector>();
  const tlsConnector = (origin: string): Connector => {
    let connector = connectors.get(origin);
    if (connector === undefined) {
      // Loaded on the first https connection only: a run over http never loads TLS.
      context ??= process
        .getBuiltinModule('node:tls')
        .createSecureContext({ ca: tls.ca, cert: tls.cert, key: tls.key });
      const session = sessions.offer(origin);
      connector = buildConnector({
        rejectUnauthorized: tls.rejectUnauthorized,
        secureContext: context,
        allowH2,
        // undici's own cache is keyed by host name, not origin: it would offer one controller's
        // session to another on the same host. Sessions are offered by origin here instead.
        maxCachedSessions: 0,
        ...(session === undefined ? {} : { session }),
      });
      connectors.set(origin, connector);
    }
    return connector;
  };
  // Per origin: open sockets, and those of them in their TLS handshake.
  const open = new Map<string, number>();
  const handshaking = new Map<string, number>();
  const protocols = new Map<string, string>();
  const sockets = new Map<string, Set<TLSSocket>>();
  const peers = new PeerLog();
  const counts: TlsStats = { connections: 0, handshakes: 0, resumed: 0 };
  const add = (map: Map<string, number>, origin: string, by: number) => {
    const n = (map.get(origin) ?? 0) + by;
    if (n === 0) map.delete(origin);
    else map.set(origin, n);
  };

  const connect: Connector = (options, callback) => {
    counts.connections++;
    if (options.protocol !== 'https:') return plain(options, callback);
    // undici passes its origin URL's parts: `host` is host[:port], as in URL.origin.
    const origin = `https://${options.host ?? options.hostname}`;
    // The protocol is known before undici hears of the connection (agent.ts reads it then).
    const socket = tlsConnector(origin)(options, (...outcome) => {
      const [err, connected] = outcome;
      if (err === null) protocols.set(origin, (connected as TLSSocket).alpnProtocol || 'http/1.1');
      // undici handles this one code apart, asserting that its connection never carried a request,
      // which fails once one connection has queued several: the code goes on the cause, where
      // network-errors.ts finds it.
      if (err !== null && (err as NodeJS.ErrnoException).code === 'ERR_TLS_CERT_ALTNAME_INVALID')
        callback(new Error(err.message, { cause: err }), null);
      else callback(...outcome);
    }) as TLSSocket;
    // The next connection to this origin offers its newest session.
    const remember = (session: Buffer) => {
      sessions.keep(origin, session);
      connectors.delete(origin);
    };
    let inHandshake = false;
    const leaveHandshake = () => {
      if (inHandshake) add(handshaking, origin, -1);
      inHandshake = false;
    };
    add(open, origin, 1);
    const ofOrigin = sockets.get(origin) ?? new Set<TLSSocket>();
    sockets.set(origin, ofOrigin.add(socket));
    socket.once('connect', () => {
      inHandshake = true;
      add(handshaking, origin, 1);
    });
    // TLS 1.3 sends its session after the handshake, TLS 1.2 may send it before: kept once both are in.
    let finished = false;
    let issued: Buffer | null = null;
    socket.on('session', (session: Buffer) => {
      issued = session;
      if (finished) remember(session);
    });
    socket.once('secureConnect', () => {
      leaveHandshake();
      counts.handshakes++;
      const resumed = socket.isSessionReused();
      if (resumed) counts.resumed++;
      // A resumed handshake shows no certificate: the one its session was issued with speaks for it.
      const peer = peers.record(origin, socket, resumed ? sessions.peerOf(origin) : null);
      if (!resumed) sessions.verified(origin, peer);
      finished = true;
      if (issued !== null) remember(issued);
    });
    socket.once('close', () => {
      leaveHandshake();
      add(open, origin, -1);
      ofOrigin.delete(socket);
    });
    socket.once('error', () => {
      // A failed handshake (a verification failure among them) is never resumed past: its session goes.
      if (inHandshake) {
        sessions.drop(origin);
        connectors.delete(origin);
      }
    });
    return socket;
  };

  return {
    connect,
    peers,
    protocolOf: (origin) => protocols.get(origin) ?? null,
    closeConnections: (origin) => {
      // With an error, as undici's own closes are: its h2 session reads the socket's error as it
      // closes, and one destroyed without any makes it throw (undici 7.30, client-h2.js).
      for (const socket of sockets.get(origin) ?? [])
        socket.destroy(Object.assign(new Error(`idle connection to ${origin} closed`), { code: 'UND_ERR_SOCKET' }));
    },
    stats: () => ({ ...counts }),
    stalledInHandshake: (origin) => {
      const stalled = handshaking.get(origin) ?? 0;
      return stalled > 0 && stalled === open.get(origin);
    },
  };
}
