// TLS for the simulated controllers: the key and certificate each node serves, and the client
// certificate a connection presented. Apart from the listener (node-server.ts), which only wires
// these into its servers.
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { PeerCert } from './users.js';

/**
 * HTTPS for every node: `certFor` gives each node its own PEM key and certificate (chain, leaf
 * first), as real controllers have; otherwise every node serves `key` and `cert`. `requestCert`
 * asks for (never demands) a client certificate checked against `ca`.
 */
export interface SimTlsOptions {
  key?: string;
  cert?: string;
  /** Called once per controller (removed ones included: their rows carry the certificate too). */
  certFor?: (node: { id: string; name: string }) => { key: string; cert: string };
  ca?: string;
  requestCert?: boolean;
}

/** One node's TLS settings: its own key and certificate. */
export type NodeTls = Omit<SimTlsOptions, 'certFor'> & { key: string; cert: string };

/** The key and certificate `node` serves under `tls`. */
export function nodeTls({ certFor, ...tls }: SimTlsOptions, node: { id: string; name: string }): NodeTls {
  const own = certFor?.({ id: node.id, name: node.name }) ?? { key: tls.key, cert: tls.cert };
  if (own.key === undefined || own.cert === undefined)
    throw new Error(`tls: no key and certificate for controller "${node.id}" (give key and cert, or certFor)`);
  return { ...tls, key: own.key, cert: own.cert };
}

/** The client certificate presented on `socket` (HTTPS only), or null when none was. */
export function peerOf(socket: Socket): PeerCert | null {
  if (!(socket instanceof TLSSocket)) return null;
  const cert = socket.getPeerCertificate();
  // An empty object means no certificate was presented.
  if (!cert?.raw) return null;
  const cn = cert.subject?.CN;
  return {
    authorized: socket.authorized,
    commonName: (Array.isArray(cn) ? cn[0] : cn) ?? '',
    fingerprint: createHash('sha1').update(cert.raw).digest('hex'),
  };
}
