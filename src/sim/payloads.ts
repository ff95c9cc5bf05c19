// JSON bodies of the simulated controller, shaped like the real ones (edge-api, fabric swagger, health checks).
import { randomUUID } from 'node:crypto';
import { apiAddresses, apiVersions, type NodeIdentity } from './identity.js';
import type { ControllerRecord } from './table.js';

/** The fields the edge-api lets clients filter controllers on (meta.filterableFields). */
export const FILTERABLE_FIELDS = ['id', 'name', 'createdAt', 'updatedAt', 'isOnline', 'lastJoinedAt', 'ctrlAddress', 'fingerprint', 'certPem', 'tags'];

/** RFC3339 with milliseconds, as the edge API formats time stamps. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

export function versionBody(self: NodeIdentity): object {
  return {
    data: {
      version: self.version,
      revision: 'sim0000000000',
      buildDate: '2025-06-02T15:42:23Z',
      runtimeVersion: 'go1.24.3',
      apiVersions: apiVersions(self.url),
      capabilities: ['HA_CONTROLLER', 'OIDC_AUTH'],
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

const ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: 'COULD_NOT_VALIDATE', message: 'The supplied request contains an invalid document' },
  401: { code: 'UNAUTHORIZED', message: 'The request could not be completed. The session is not authorized or the credentials are invalid' },
  403: { code: 'UNAUTHORIZED', message: 'The request could not be completed. The session is not authorized or the credentials are invalid' },
  404: { code: 'NOT_FOUND', message: 'The resource requested was not found or is no longer available' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'The method is not allowed for the resource' },
  429: { code: 'RATE_LIMITED', message: 'The resource is rate limited and the rate limit has been exceeded. Please try again later' },
  500: { code: 'UNHANDLED', message: 'An unhandled error occurred' },
  503: { code: 'SERVICE_UNAVAILABLE', message: 'The service is currently unavailable' },
};

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
