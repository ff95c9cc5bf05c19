// JSON bodies of the simulated controller, shaped like the real ones (edge-api, fabric swagger, health checks).
import { randomUUID } from 'node:crypto';
import { apiAddresses, apiVersions, type NodeIdentity } from './identity.js';
import type { LegacySession } from './legacy-sessions.js';
import type { ControllerRecord } from './table.js';
import { identityIdOf } from './users.js';

/** The fields v2.0.3 lets clients filter controllers on (meta.filterableFields; the real order changes per request). */
export const FILTERABLE_FIELDS = [
  'id',
  'name',
  'createdAt',
  'updatedAt',
  'isOnline',
  'isPreferredLeader',
  'isSystem',
  'lastJoinedAt',
  'ctrlAddress',
  'fingerprint',
  'certPem',
  'tags',
];

/** RFC3339 with milliseconds, as the edge API formats time stamps. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * `OIDC_AUTH` (and, as v2.0.3 lists it, `OIDC_AUTH_WITH_CSR`) only where the OIDC provider is
 * served; every simulated controller is clustered. buildDate is not RFC3339 on real controllers.
 */
export function versionBody(self: NodeIdentity, oidc: boolean, healthChecks = true): object {
  return {
    data: {
      version: self.version,
      revision: 'sim000000000',
      buildDate: '2025-06-02 15:42:23',
      runtimeVersion: 'go1.24.3',
      apiVersions: apiVersions(self.url, healthChecks),
      capabilities: oidc ? ['OIDC_AUTH', 'OIDC_AUTH_WITH_CSR', 'HA_CONTROLLER'] : ['HA_CONTROLLER'],
    },
    meta: {},
  };
}

/**
 * One controllerDetail row. `isPreferredLeader` is omitted when false (v2.0+) and entirely when the
 * answering controller is older than v2.0, which did not have the field.
 */
export function controllerRow(
  record: ControllerRecord,
  who: NodeIdentity,
  answererVersion: string,
  healthChecks = true,
): Record<string, unknown> {
  const row: Record<string, unknown> = {
    id: who.id,
    name: who.name,
    createdAt: rfc3339(record.createdAt),
    updatedAt: rfc3339(record.updatedAt),
    _links: { self: { href: `./controllers/${encodeURIComponent(who.id)}` } },
    tags: {},
    certPem: who.certPem,
    fingerprint: who.fingerprint,
    ctrlAddress: who.ctrlAddress,
    isOnline: record.isOnline,
    lastJoinedAt: record.lastJoinedAt === null ? null : rfc3339(record.lastJoinedAt),
    apiAddresses: apiAddresses(who.url, healthChecks),
  };
  if (who.preferredLeader && !/^v?[01]\./.test(answererVersion)) row.isPreferredLeader = true;
  return row;
}

export function controllersBody(rows: object[], limit: number, offset: number, totalCount: number): object {
  return { data: rows, meta: { pagination: { limit, offset, totalCount }, filterableFields: FILTERABLE_FIELDS } };
}

export interface MemberView {
  who: NodeIdentity;
  leader: boolean;
  connected: boolean;
}

/** list-members: one entry per raft member, every field the answering node's own belief. */
export function membersBody(members: MemberView[]): object {
  return {
    data: members.map(({ who, leader, connected }) => ({
      id: who.id,
      address: who.ctrlAddress,
      voter: who.voter,
      leader,
      version: connected ? who.version : '<not connected>',
      connected,
      readOnly: who.readOnly,
      ...(who.preferredLeader ? { preferredLeader: true } : {}),
    })),
  };
}

/** Health checks report second-precision times, like the Go health library. */
function checks(now: number, short: boolean): object[] {
  const check = { id: 'bolt.read', healthy: true };
  return [
    short
      ? check
      : { ...check, lastCheckDuration: '0s', lastCheckTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z') },
  ];
}

export function healthBody(now: number, short: boolean): object {
  return { meta: {}, data: { healthy: true, checks: checks(now, short) } };
}

export function raftHealthBody(now: number, short: boolean, isLeader: boolean): object {
  return { ...healthBody(now, short), raft: { isRaftEnabled: true, isLeader } };
}

/** What v2.0.3 links from an identity reference (`identity._links`). */
const IDENTITY_LINKS = [
  'auth-policies',
  'authenticators',
  'edge-router-policies',
  'edge-routers',
  'enrollments',
  'failed-service-requests',
  'posture-data',
  'service-configs',
  'service-policies',
  'services',
];

/**
 * The legacy authenticate answer: currentApiSessionDetailEnvelope (edge-api current-api-session.yml).
 * The spec requires `cachedUpdatedAt`, which v2.0.3 does not send
 * (test/fixtures/real-v2.0.3/authenticate-password.json).
 */
export function currentApiSessionBody(session: LegacySession, expiresAt: number, now: number): object {
  const { principal } = session;
  const identity = `./identities/${encodeURIComponent(principal.identityId)}`;
  const identityLink: Record<string, { href: string }> = { self: { href: identity } };
  for (const link of IDENTITY_LINKS)
    identityLink[link] = { href: link === 'auth-policies' ? './auth-policies/default' : `${identity}/${link}` };
  const self = `./api-sessions/${encodeURIComponent(session.id)}`;
  return {
    data: {
      id: session.id,
      createdAt: rfc3339(session.createdAt),
      updatedAt: rfc3339(session.lastActivityAt),
      _links: { self: { href: self }, sessions: { href: `${self}/sessions` } },
      tags: {},
      token: session.token,
      identity: { entity: 'identities', id: principal.identityId, name: principal.name, _links: identityLink },
      identityId: principal.identityId,
      ipAddress: session.ipAddress.replace(/^::ffff:/, ''),
      configTypes: [],
      authQueries: [],
      isMfaRequired: false,
      isMfaComplete: false,
      authenticatorId: identityIdOf(`${principal.name}/${principal.method}`),
      isCertExtendable: false,
      lastActivityAt: rfc3339(session.lastActivityAt),
      cachedLastActivityAt: rfc3339(session.lastActivityAt),
      expiresAt: rfc3339(expiresAt),
      expirationSeconds: Math.max(0, Math.round((expiresAt - now) / 1000)),
    },
    meta: {},
  };
}

// Codes and messages of OpenZiti's errorz/apierror packages (v2.0.3).
const ERRORS: Record<number, { code: string; message: string }> = {
  400: {
    code: 'COULD_NOT_VALIDATE',
    message: 'The supplied request contains an invalid document or no valid accept content were available, see cause',
  },
  401: {
    code: 'UNAUTHORIZED',
    message: 'The request could not be completed. The session is not authorized or the credentials are invalid',
  },
  403: {
    code: 'UNAUTHORIZED',
    message: 'The request could not be completed. The session is not authorized or the credentials are invalid',
  },
  404: { code: 'NOT_FOUND', message: 'The resource requested was not found or is no longer available' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'The resource requested does not support this HTTP verb' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The content type supplied is not supported' },
  429: {
    code: 'RATE_LIMITED',
    message: 'The requested operation is rate limited and the rate limit has been exceeded. Please try again later',
  },
  500: { code: 'UNHANDLED', message: 'An unhandled error occurred' },
  503: { code: 'SERVICE_UNAVAILABLE', message: 'The service is currently unavailable' },
  // go-openapi's status for a query parameter of the wrong type (limit=abc): 601, not 400.
  601: {
    code: 'COULD_NOT_VALIDATE',
    message: 'The supplied request contains an invalid document or no valid accept content were available, see cause',
  },
};

/** A failed login (a 401 on authenticate and on the OIDC login pages), unlike UNAUTHORIZED for a missing session. */
export const INVALID_AUTH = { code: 'INVALID_AUTH', message: 'The authentication request failed' };

/** `error.cause` of the real envelope: an error (`{code, message}`) or the field that failed validation. */
export type ErrorCause = { code: string; message: string } | { field: string; reason: string; value: unknown };

export const unhandledCause = (message: string): ErrorCause => ({ code: 'UNHANDLED', message });

/**
 * 404 as v2.0.3 words it: the cause names the path as the API that took the request saw it; a path
 * outside the management and fabric APIs falls to the edge client API, which prefixes its base
 * (`/health-checks` -> "path /edge/client/v1/health-checks was not found").
 */
export function notFoundBody(path: string): object {
  const seen = /^\/(edge\/management|fabric)\//.test(path) ? path : `/edge/client/v1${path}`;
  return errorBody(404, { cause: unhandledCause(`path ${seen} was not found`) });
}

export function methodNotAllowedBody(method: string, allowed: string): object {
  return errorBody(405, { cause: unhandledCause(`method ${method} is not allowed, but [${allowed}] are`) });
}

/**
 * The standard error envelope as v2.0.3 sends it: `cause` only when the server has one (no `args`,
 * no `causeMessage`); `code` overrides the status's usual code (e.g. CLUSTER_NO_LEADER).
 */
export function errorBody(status: number, detail?: { code?: string; message?: string; cause?: ErrorCause }): object {
  const known = ERRORS[status] ?? {
    code: status >= 500 ? 'UNHANDLED' : 'COULD_NOT_VALIDATE',
    message: `HTTP ${status}`,
  };
  return {
    error: {
      ...(detail?.cause ? { cause: detail.cause } : {}),
      code: detail?.code ?? known.code,
      message: detail?.message ?? known.message,
      requestId: randomUUID(),
    },
    meta: { apiVersion: '0.0.1', apiEnrollmentVersion: '0.0.1' },
  };
}
