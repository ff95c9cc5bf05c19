// JSON bodies of the simulated controller, shaped like the real ones (edge-api, fabric swagger, health checks).
import { randomUUID } from 'node:crypto';
import { apiAddresses, apiVersions, type NodeIdentity } from './identity.js';
import type { LegacySession } from './legacy-sessions.js';
import type { ControllerRecord } from './table.js';
import { identityIdOf } from './users.js';

/** The fields the edge-api lets clients filter controllers on (meta.filterableFields). */
export const FILTERABLE_FIELDS = ['id', 'name', 'createdAt', 'updatedAt', 'isOnline', 'lastJoinedAt', 'ctrlAddress', 'fingerprint', 'certPem', 'tags'];

/** RFC3339 with milliseconds, as the edge API formats time stamps. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

/** `OIDC_AUTH` only where the OIDC provider is served; every simulated controller is clustered. */
export function versionBody(self: NodeIdentity, oidc: boolean): object {
  return {
    data: {
      version: self.version,
      revision: 'sim0000000000',
      buildDate: '2025-06-02T15:42:23Z',
      runtimeVersion: 'go1.24.3',
      apiVersions: apiVersions(self.url),
      capabilities: oidc ? ['HA_CONTROLLER', 'OIDC_AUTH'] : ['HA_CONTROLLER'],
    },
    meta: {},
  };
}

/**
 * One controllerDetail row. `isPreferredLeader` is omitted when false (v2.0+) and entirely when the
 * answering controller is older than v2.0, which did not have the field.
 */
export function controllerRow(record: ControllerRecord, who: NodeIdentity, answererVersion: string): Record<string, unknown> {
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
    apiAddresses: apiAddresses(who.url),
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
  return [short ? check : { ...check, lastCheckDuration: '0s', lastCheckTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z') }];
}

export function healthBody(now: number, short: boolean): object {
  return { meta: {}, data: { healthy: true, checks: checks(now, short) } };
}

export function raftHealthBody(now: number, short: boolean, isLeader: boolean): object {
  return { ...healthBody(now, short), raft: { isRaftEnabled: true, isLeader } };
}

/**
 * The legacy authenticate answer: currentApiSessionDetailEnvelope (edge-api current-api-session.yml).
 * `cachedUpdatedAt` is required by the spec although it declares no such property; real controllers send it.
 */
export function currentApiSessionBody(session: LegacySession, expiresAt: number, now: number): object {
  const { principal } = session;
  const identityLink = { self: { href: `./identities/${encodeURIComponent(principal.identityId)}` } };
  return {
    data: {
      id: session.id,
      createdAt: rfc3339(session.createdAt),
      updatedAt: rfc3339(session.lastActivityAt),
      _links: { self: { href: './current-api-session' } },
      tags: {},
      token: session.token,
      identity: { entity: 'identities', id: principal.identityId, name: principal.name, _links: identityLink },
      identityId: principal.identityId,
      ipAddress: session.ipAddress.replace(/^::ffff:/, ''),
      configTypes: [],
      authQueries: [],
      cachedUpdatedAt: rfc3339(session.lastActivityAt),
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

const ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: 'COULD_NOT_VALIDATE', message: 'The supplied request contains an invalid document' },
  401: { code: 'UNAUTHORIZED', message: 'The request could not be completed. The session is not authorized or the credentials are invalid' },
  403: { code: 'UNAUTHORIZED', message: 'The request could not be completed. The session is not authorized or the credentials are invalid' },
  404: { code: 'NOT_FOUND', message: 'The resource requested was not found or is no longer available' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'The method is not allowed for the resource' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The content type supplied is not supported' },
  429: { code: 'RATE_LIMITED', message: 'The resource is rate limited and the rate limit has been exceeded. Please try again later' },
  500: { code: 'UNHANDLED', message: 'An unhandled error occurred' },
  503: { code: 'SERVICE_UNAVAILABLE', message: 'The service is currently unavailable' },
};

/** A failed login (a 401 on authenticate and on the OIDC login pages), unlike UNAUTHORIZED for a missing session. */
export const INVALID_AUTH = { code: 'INVALID_AUTH', message: 'The authentication request failed' };

/** The standard error envelope; `code` overrides the status's usual code (e.g. CLUSTER_NO_LEADER). */
export function errorBody(status: number, detail?: { code?: string; message?: string; causeMessage?: string }): object {
  const known = ERRORS[status] ?? { code: status >= 500 ? 'UNHANDLED' : 'COULD_NOT_VALIDATE', message: `HTTP ${status}` };
  return {
    error: {
      args: { urlVars: {} },
      causeMessage: detail?.causeMessage ?? '',
      code: detail?.code ?? known.code,
      message: detail?.message ?? known.message,
      requestId: randomUUID(),
    },
    meta: { apiVersion: '0.0.0', apiEnrollmentVersion: '0.0.0' },
  };
}
