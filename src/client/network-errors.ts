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

export function classifyNetworkError(err: unknown, origin: string): Failure {
  const code = errorCode(err) ?? '';
  let kind: NetworkFailureKind = KIND_BY_CODE[code] ?? 'network';
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.startsWith('CERT_')) {
    kind = 'tls';
  } else if (code.startsWith('HPE_') || (err instanceof Error && err.name === 'HTTPParserError')) {
    kind = 'protocol';
  }
  const detail = code ? ` (${code})` : '';
  return { kind, message: `${DESCRIPTION[kind]}${detail} at ${origin}` };
}

export function deadlineFailure(totalMs: number, origin: string): Failure {
  return { kind: 'timeout', message: `no answer from ${origin} within the ${totalMs} ms deadline` };
}
