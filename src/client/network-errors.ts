// Maps the errors undici and Node's socket/TLS layers throw to ziti-status failure kinds, so that
// "refused", "timeout", "tls" ... are data a reconcile rule can act on, not stack traces.
import type { Failure, NetworkFailureKind } from '../evidence.js';

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

const KIND_BY_CODE: Record<string, NetworkFailureKind> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  EHOSTUNREACH: 'network',
  ENETUNREACH: 'network',
};

const DESCRIPTION: Record<NetworkFailureKind, string> = {
  refused: 'connection refused',
  timeout: 'no answer in time',
  dns: 'host name not resolved',
  tls: 'TLS handshake failed',
  reset: 'connection reset',
  protocol: 'not an HTTP server (unparseable response)',
  network: 'network error',
};

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // undici wraps socket errors; the useful code is on the cause.
  const cause = (err as { cause?: unknown }).cause;
  return cause === undefined ? undefined : errorCode(cause);
}

// What a TLS failure means to an operator, with the fix where there is one.
const TLS_MEANING: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate signed by an unknown authority (self-signed); give the CA with --ca',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate signed by an unknown authority; give the CA with --ca',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate signed by an unknown authority; give the CA with --ca',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate signed by an unknown authority; give the CA with --ca',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate signed by an unknown authority; give the CA with --ca',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not valid yet (clock skew?)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is not valid for this host name',
  HOSTNAME_MISMATCH: 'certificate is not valid for this host name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'not a TLS server (https:// to a plain HTTP port? try http://)',
};

export function classifyNetworkError(err: unknown, url: URL): Failure {
  const origin = url.origin;
  const code = errorCode(err) ?? '';
  let kind: NetworkFailureKind = KIND_BY_CODE[code] ?? 'network';
  if (
    TLS_CODES.has(code) ||
    code in TLS_MEANING ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.startsWith('CERT_')
  ) {
    kind = 'tls';
  } else if (code.startsWith('HPE_') || (err instanceof Error && err.name === 'HTTPParserError')) {
    kind = 'protocol';
  }
  const detail = code ? ` (${code})` : '';
  if (kind === 'tls')
    return { kind, message: `TLS failed at ${origin}: ${TLS_MEANING[code] ?? 'handshake failed'}${detail}` };
  const received = bytesRead(err);
  // A server that sent part of an answer spoke HTTP: it hung up mid-response, whatever the scheme.
  if (kind === 'reset' && received !== undefined && received > 0) {
    return { kind, message: `connection closed mid-response after ${received} bytes${detail} at ${origin}` };
  }
  // An HTTPS server hangs up on a plain-HTTP request without answering.
  const hint = kind === 'reset' && url.protocol === 'http:' ? ' (http:// to an HTTPS port? try https://)' : '';
  return { kind, message: `${DESCRIPTION[kind]}${detail} at ${origin}${hint}` };
}

/** Bytes the server had sent on the failed socket (undici's SocketError carries them), when known. */
function bytesRead(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const socket = (err as { socket?: { bytesRead?: unknown } }).socket;
  if (typeof socket?.bytesRead === 'number') return socket.bytesRead;
  const cause = (err as { cause?: unknown }).cause;
  return cause === undefined ? undefined : bytesRead(cause);
}

/** `inHandshake`: the request waited on nothing but a TLS handshake that never completed (a stopped process). */
export function deadlineFailure(totalMs: number, origin: string, inHandshake = false): Failure {
  const what = inHandshake ? `TLS handshake with ${origin} not completed` : `no answer from ${origin}`;
  return { kind: 'timeout', message: `${what} within the ${totalMs} ms deadline` };
}
