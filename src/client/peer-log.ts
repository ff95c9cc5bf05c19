// Which certificates the TLS connections to each origin presented: read once per connection, when
// its handshake finishes, and handed to the poll that used them as evidence of who answered
// (docs/design.md section 2, "Which controller an address is"). Behind a load balancer or
// round-robin DNS one address can reach several controllers; their different certificates say so.
import type { TLSSocket } from 'node:tls';
import type { PeerCertificate } from '../evidence.js';

/** A SAN longer than this is no controller's: kept out of rows and messages. */
const MAX_SPIFFE_ID_CHARS = 512;
/** Closed connections remembered per origin until the next poll takes them; more are the same few certificates. */
const MAX_CLOSED = 16;

export class PeerLog {
  private readonly open = new Map<string, Map<TLSSocket, PeerCertificate>>();
  private readonly closed = new Map<string, PeerCertificate[]>();

  /**
   * Called at secureConnect: the only place a peer certificate is read. `resumedFrom`: a resumed
   * session shows none, so the certificate its session was issued with stands in. Returns it.
   */
  record(origin: string, socket: TLSSocket, resumedFrom: PeerCertificate | null = null): PeerCertificate | null {
    const peer = readPeer(socket) ?? resumedFrom;
    if (peer === null) return null;
    const sockets = this.open.get(origin) ?? new Map<TLSSocket, PeerCertificate>();
    this.open.set(origin, sockets);
    sockets.set(socket, peer);
    socket.once('close', () => {
      sockets.delete(socket);
      const gone = this.closed.get(origin) ?? [];
      if (gone.length < MAX_CLOSED) gone.push(peer);
      this.closed.set(origin, gone);
    });
    return peer;
  }

  /** The SPIFFE ids the connections to `origin` open now presented (distinct); nothing is taken. */
  openSpiffeIds(origin: string): string[] {
    const ids = new Set<string>();
    for (const peer of this.open.get(origin)?.values() ?? []) if (peer.spiffeId !== null) ids.add(peer.spiffeId);
    return [...ids];
  }

  /**
   * The distinct certificates of the connections to `origin` open now or closed since the last
   * call: a poll takes them when it is done, so each poll sees the connections it could have used.
   */
  take(origin: string): PeerCertificate[] {
    const seen = new Map<string, PeerCertificate>();
    for (const peer of this.closed.get(origin) ?? []) seen.set(peer.fingerprint, peer);
    for (const peer of this.open.get(origin)?.values() ?? []) seen.set(peer.fingerprint, peer);
    this.closed.delete(origin);
    return [...seen.values()];
  }
}

function readPeer(socket: TLSSocket): PeerCertificate | null {
  const cert = socket.getPeerX509Certificate();
  if (cert === undefined) return null;
  return {
    // Node's form is upper-case hex in colon-separated pairs; the replicas' is lower-case hex.
    fingerprint: cert.fingerprint.replaceAll(':', '').toLowerCase(),
    spiffeId: spiffeIdOf(cert.subjectAltName),
  };
}

/**
 * The first URI SAN that is a SPIFFE id. Node lists SANs as `URI:x, DNS:y`, quoting (as a JSON
 * string) a value that holds a comma, a quote or a control character.
 */
export function spiffeIdOf(subjectAltName: string | undefined): string | null {
  if (subjectAltName === undefined) return null;
  for (const match of subjectAltName.matchAll(/(?:^|, )URI:("(?:[^"\\]|\\.)*"|[^,]*)/g)) {
    let uri = match[1]!;
    if (uri.startsWith('"')) {
      try {
        uri = JSON.parse(uri) as string;
      } catch {
        continue;
      }
    }
    if (uri.startsWith('spiffe://') && uri.length <= MAX_SPIFFE_ID_CHARS) return uri;
  }
  return null;
}
