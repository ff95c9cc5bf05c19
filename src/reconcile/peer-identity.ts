// Who really answered at an address (docs/design.md section 2, "Which controller an address is"):
// the certificates its TLS connections presented, against the controller the replicas say the
// address is. Behind a load balancer or round-robin DNS one published address can answer as
// another controller: its SPIFFE id (spiffe://<trust domain>/controller/<id>) or its fingerprint,
// when that is another controller's row, says so. Pure.
import type { PeerCertificate } from '../evidence.js';

export interface PeerFinding {
  /** The SPIFFE id its address served (the first certificate's), for the row; null without one. */
  spiffeId: string | null;
  /** Why what answered is not known to be this controller; null when no certificate says otherwise. */
  problem: string | null;
}

/** Each controller id by the certificate fingerprint its replica rows carry (a fingerprint several ids share names none). */
export type IdsByFingerprint = ReadonlyMap<string, ReadonlySet<string>>;

const NOTHING: PeerFinding = { spiffeId: null, problem: null };

/** The controller id a SPIFFE id names; null for any other kind of SPIFFE id. */
export function controllerIdOf(spiffeId: string): string | null {
  const match = /^spiffe:\/\/[^/]+\/controller\/([^/?#]+)$/.exec(spiffeId);
  if (match === null) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

/** The controllers one certificate names: by its SPIFFE id, and by the one replica row with its fingerprint. */
function namesOf(peer: PeerCertificate, byFingerprint: IdsByFingerprint): Set<string> {
  const names = new Set<string>();
  const bySpiffe = peer.spiffeId === null ? null : controllerIdOf(peer.spiffeId);
  if (bySpiffe !== null) names.add(bySpiffe);
  const rows = byFingerprint.get(peer.fingerprint);
  if (rows?.size === 1) names.add([...rows][0]!);
  return names;
}

function describe(peer: PeerCertificate, byFingerprint: IdsByFingerprint): string {
  const names = [...namesOf(peer, byFingerprint)];
  const whose = names.length === 0 ? 'a certificate of no known controller' : `${names.join(' and ')}'s certificate`;
  return `${whose} (${peer.spiffeId ?? 'no SPIFFE id'}, fingerprint ${peer.fingerprint})`;
}

/**
 * What the certificates presented at the address of controller `id` say. A certificate naming
 * another controller (by SPIFFE id or by its row's fingerprint) is a mismatch, alone or beside
 * others (a load balancer in front of several). A certificate naming nobody is no evidence either
 * way: a web listener may serve its own certificate (a public one, say) with neither SPIFFE id nor
 * row, and a renewal of it shows two such certificates for a while; nor is a renewed one of `id`.
 */
export function judgePeers(
  peers: readonly PeerCertificate[] | undefined,
  id: string,
  ownFingerprint: string | null,
  byFingerprint: IdsByFingerprint,
): PeerFinding {
  if (peers === undefined || peers.length === 0) return NOTHING;
  const spiffeId = peers[0]!.spiffeId;
  const others = peers.some((p) => [...namesOf(p, byFingerprint)].some((n) => n !== id));
  if (!others) return { spiffeId, problem: null };
  const own = `${id}'s fingerprint in the replicas is ${ownFingerprint ?? 'unknown'}`;
  const shown = peers.map((p) => describe(p, byFingerprint));
  const problem =
    peers.length === 1
      ? `it answered with ${shown[0]}, not as ${id} (${own})`
      : `its connections presented ${peers.length} different certificates: ${shown.join('; ')} ` +
        `(${own}): a load balancer or round-robin DNS in front of several servers`;
  return { spiffeId, problem };
}
