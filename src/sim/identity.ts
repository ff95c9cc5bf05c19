// Static identity of a simulated controller: certificate, fingerprint, ctrl address and API addresses.
import { X509Certificate, createHash } from 'node:crypto';
import { selfSignedDer, toPem, type Validity } from './certificate.js';

export interface IdentityInput {
  id: string;
  name: string;
  version: string;
  voter: boolean;
  readOnly: boolean;
  preferredLeader: boolean;
  removed: boolean;
}

export interface NodeIdentity extends IdentityInput {
  /** http://host:port of the node's web listener (a dead port for removed controllers). */
  url: string;
  /** Fake router-control address; nothing listens there, it is only reported. */
  ctrlAddress: string;
  certPem: string;
  fingerprint: string;
}

/** The first fake ctrl port; OpenZiti's default ctrl port is 6262, each node gets the next one. */
const CTRL_PORT_BASE = 6262;

/**
 * `servedCert`: the PEM certificate (chain) the node serves over HTTPS. Its first certificate is the
 * row's `certPem` and SHA-1 of its DER the `fingerprint`, as OpenZiti records a peer's
 * ServerCert[0]. Without one (plain HTTP), a self-signed certificate (CN = its name) valid over
 * `validity`: what the scenario asks (an expired or expiring certificate), by default a year, as the
 * HA quickstart issues them.
 */
export function makeIdentity(
  input: IdentityInput,
  index: number,
  url: string,
  host: string,
  servedCert: string | undefined,
  validity: Validity,
): NodeIdentity {
  let der: Buffer;
  let certPem: string;
  if (servedCert === undefined) {
    der = selfSignedDer(input.name, validity);
    certPem = toPem(der);
  } else {
    const cert = new X509Certificate(servedCert); // the first certificate of a chain
    der = cert.raw;
    certPem = cert.toString();
  }
  const fingerprint = createHash('sha1').update(der).digest('hex');
  return { ...input, url, ctrlAddress: `tls:${host}:${CTRL_PORT_BASE + index}`, certPem, fingerprint };
}

/** The apiAddresses map a controller row carries: how to reach each API binding of this node. */
export function apiAddresses(
  url: string,
  healthChecks = true,
): Record<string, Array<{ url: string; version: string }>> {
  const at = (path: string) => [{ url: `${url}${path}`, version: 'v1' }];
  return {
    'edge-client': at('/edge/client/v1'),
    'edge-management': at('/edge/management/v1'),
    'edge-oidc': at('/oidc'),
    fabric: at('/fabric/v1'),
    ...(healthChecks ? { 'health-checks': at('/health-checks') } : {}),
  };
}

/**
 * The version endpoint's apiVersions map: binding -> {v1: {path, apiBaseUrls}}. v2.0.3 gives the
 * fabric API's base URL without its path (`https://host:port`), unlike the others.
 */
export function apiVersions(
  url: string,
  healthChecks = true,
): Record<string, Record<string, { path: string; apiBaseUrls: string[] }>> {
  const v1 = (path: string) => ({ v1: { path, apiBaseUrls: [path === '/fabric/v1' ? url : `${url}${path}`] } });
  return {
    edge: v1('/edge/client/v1'),
    'edge-client': v1('/edge/client/v1'),
    'edge-management': v1('/edge/management/v1'),
    'edge-oidc': v1('/oidc'),
    fabric: v1('/fabric/v1'),
    ...(healthChecks ? { 'health-checks': v1('/health-checks') } : {}),
  };
}
