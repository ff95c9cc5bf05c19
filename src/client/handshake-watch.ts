// undici's connector, watched: which origins have every socket stuck in its TLS handshake, so a
// run deadline that cuts a request short can say the handshake, not the answer, never came; and
// which certificate each connection presented, read once as its handshake finishes (peer-log.ts).
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { PeerLog } from './peer-log.js';
import { buildConnector } from './undici-internals.js';

export interface HandshakeWatch {
  /** The Agent's `connect` option: undici's own connector with these TLS options. */
  connect: ReturnType<typeof buildConnector>;
  /**
   * Every open socket to `origin` has connected over TCP but not finished its TLS handshake (and
   * there is at least one): a request to it can be waiting on nothing else.
   */
  stalledInHandshake(origin: string): boolean;
  /** The certificates connections presented, per origin. */
  peers: PeerLog;
}

export function watchHandshakes(tls: ConnectionOptions): HandshakeWatch {
  const connector = buildConnector(tls);
  const peers = new PeerLog();
  // Per origin: open sockets, and those of them in their TLS handshake.
  const open = new Map<string, number>();
  const handshaking = new Map<string, number>();
  const add = (counts: Map<string, number>, origin: string, by: number) => {
    const n = (counts.get(origin) ?? 0) + by;
    if (n === 0) counts.delete(origin);
    else counts.set(origin, n);
  };

  const connect: HandshakeWatch['connect'] = (options, callback) => {
    const socket = connector(options, callback);
    if (options.protocol !== 'https:') return socket;
    // undici passes its origin URL's parts: `host` is host[:port], as in URL.origin.
    const origin = `https://${options.host ?? options.hostname}`;
    let inHandshake = false;
    const leaveHandshake = () => {
      if (inHandshake) add(handshaking, origin, -1);
      inHandshake = false;
    };
    add(open, origin, 1);
    socket.once('connect', () => {
      inHandshake = true;
      add(handshaking, origin, 1);
    });
    socket.once('secureConnect', () => {
      leaveHandshake();
      peers.record(origin, socket as TLSSocket);
    });
    socket.once('close', () => {
      leaveHandshake();
      add(open, origin, -1);
    });
    return socket;
  };

  return {
    connect,
    peers,
    stalledInHandshake: (origin) => {
      const stalled = handshaking.get(origin) ?? 0;
      return stalled > 0 && stalled === open.get(origin);
    },
  };
}
