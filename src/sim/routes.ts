// Request routing of one simulated controller: endpoint -> injected fault, credential check, or the node's own view.
import { compareText } from '../compare.js';
import { json } from './answer.js';
import { authenticate } from './legacy-auth.js';
import type { Answer, Call } from './node-call.js';
import type { NodeView } from './node-view.js';
import { inspectAnswer, INSPECTIONS_PATH } from './inspect-route.js';
import { oidcRoute } from './oidc-routes.js';
import {
  controllerRow,
  controllersBody,
  errorBody,
  healthBody,
  membersBody,
  methodNotAllowedBody,
  notFoundBody,
  raftHealthBody,
  unhandledCause,
  versionBody,
} from './payloads.js';
import { compileFilter, parsePaging } from './query.js';
import type { EndpointName, ResponseFault } from './scenario.js';

// The view's type lives on its own so the auth routes can take it without importing this router back.
export type { NodeView } from './node-view.js';

type DataEndpoint = Exclude<EndpointName, 'authenticate' | 'oidc'>;

const ROUTES: Record<string, Exclude<DataEndpoint, 'inspections'>> = {
  '/edge/management/v1/version': 'version',
  '/edge/management/v1/controllers': 'controllers',
  '/fabric/v1/cluster/list-members': 'list-members',
  '/health-checks': 'health',
  '/health-checks/controller/raft': 'raft',
};

const AUTHENTICATE_PATH = '/edge/management/v1/authenticate';

/** The endpoints that need a credential when the cluster has authentication; version and health stay open. */
const PROTECTED = new Set<DataEndpoint>(['controllers', 'list-members', 'inspections']);

function faultAnswer(fault: ResponseFault, view: NodeView): Answer {
  if (fault === 'invalid-json') return { status: 200, body: '{"data": [{"id": "ctrl' };
  if (fault === 'wrong-shape') return json(200, { data: 'nope' });
  if (typeof fault === 'object') return json(fault.status, errorBody(fault.status), { location: fault.location });
  // 503 without a leader is what a controller says when it cannot reach raft.
  const code = fault === 503 && view.belief() === null ? 'CLUSTER_NO_LEADER' : undefined;
  const headers: Record<string, string> = {};
  if (fault === 429) headers['retry-after'] = '1';
  if (fault >= 300 && fault < 400) headers.location = '/edge/management/v1/redirected';
  return json(
    fault,
    errorBody(fault, code ? { code, message: 'Cluster has no leader, unable to make model updates.' } : undefined),
    headers,
  );
}

function listControllers(view: NodeView, params: URLSearchParams): Answer {
  const paging = parsePaging(params, view.pageLimitMax);
  if (!paging.ok)
    return json(601, errorBody(601, { cause: { field: paging.field, reason: paging.reason, value: paging.value } }));
  const matches = compileFilter(params.get('filter'));
  // Stable order by id (byte order, like bolt keys), so paging never skips or repeats rows.
  const rows = view
    .replica()
    .filter(({ record, who }) => matches({ id: who.id, name: who.name, isOnline: record.isOnline }))
    .sort((a, b) => compareText(a.who.id, b.who.id));
  const page = rows.slice(paging.offset, paging.offset + paging.limit);
  const data = page.map(({ record, who }) => controllerRow(record, who, view.self.version, view.healthChecks));
  return json(200, controllersBody(data, paging.limit, paging.offset, rows.length));
}

function answerEndpoint(
  endpoint: Exclude<DataEndpoint, 'inspections'>,
  view: NodeView,
  params: URLSearchParams,
): Answer {
  const short = params.get('type') === 'short';
  switch (endpoint) {
    case 'version':
      return json(200, versionBody(view.self, view.auth.oidc, view.healthChecks));
    case 'controllers':
      return listControllers(view, params);
    case 'list-members':
      return json(200, membersBody(view.members()));
    case 'health':
      return json(200, healthBody(view.now(), short));
    case 'raft': {
      const isLeader = view.belief() === view.self.id;
      return json(isLeader ? 200 : 429, raftHealthBody(view.now(), short, isLeader));
    }
  }
}

/**
 * 401 without a valid credential, with OpenZiti's WWW-Authenticate challenge (and, when none was
 * sent, its cause); list-members needs admin rights, controllers only `controllers.read`. A missing
 * right is what v2.0.3 answers (test/fixtures/real-v2.0.3/list-members-forbidden.json): 401
 * UNAUTHORIZED without a WWW-Authenticate challenge and without a cause (its APIs map 403 to 401).
 */
function refusal(endpoint: DataEndpoint, view: NodeView, call: Call): Answer | null {
  if (!view.auth.required || !PROTECTED.has(endpoint)) return null;
  const who = view.auth.identify(view.self.id, call.headers);
  if (who === null) {
    const { missing, challenge } = view.auth.challenge(call.headers);
    const body = errorBody(
      401,
      missing ? { cause: unhandledCause('unauthenticated for invalid credentials') } : undefined,
    );
    return json(401, body, { 'www-authenticate': challenge });
  }
  // Inspections too need admin: v2.0.3 refuses admin_readonly (inspections/inspect-reader.json).
  if ((endpoint === 'list-members' || endpoint === 'inspections') && !who.admin) return json(401, errorBody(401));
  return null;
}

/**
 * Faults come before the credential check: they model whatever answers in front of the API (a proxy,
 * a broken listener), so a redirect fault answers its 302 to a request without credentials too.
 */
export function route(view: NodeView, call: Call): Answer {
  const url = new URL(call.url, 'http://sim.invalid');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  if (path === AUTHENTICATE_PATH) {
    const fault = view.fault('authenticate');
    return fault !== null ? faultAnswer(fault, view) : authenticate(view, call, url.searchParams);
  }
  if (view.auth.oidc && (path === '/oidc' || path.startsWith('/oidc/'))) {
    const fault = view.fault('oidc');
    return fault !== null ? faultAnswer(fault, view) : oidcRoute(view, call, path, url.searchParams);
  }
  if (path === INSPECTIONS_PATH) {
    const fault = view.fault('inspections');
    if (fault !== null) return faultAnswer(fault, view);
    if (call.method !== 'POST') return json(405, methodNotAllowedBody(call.method, 'POST'));
    return refusal('inspections', view, call) ?? inspectAnswer(view, call.body);
  }
  const endpoint = ROUTES[path];
  if (endpoint === undefined || (!view.healthChecks && (endpoint === 'health' || endpoint === 'raft')))
    return json(404, notFoundBody(path));
  if (call.method !== 'GET' && call.method !== 'HEAD') return json(405, methodNotAllowedBody(call.method, 'GET'));
  const fault = view.fault(endpoint);
  if (fault !== null) return faultAnswer(fault, view);
  return refusal(endpoint, view, call) ?? answerEndpoint(endpoint, view, url.searchParams);
}
