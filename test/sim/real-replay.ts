// Replays the exchanges captured from real v2.0.3 controllers (test/fixtures/real-v2.0.3) against
// the simulator: the same request, its redacted credentials and one-time values replaced by the
// simulator's own (learnt from its earlier answers), then the two answers compared by shape.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Reply } from './helpers.js';
import { shapeDiff, type ShapeOptions } from './shape-diff.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/real-v2.0.3', import.meta.url));

export interface Fixture {
  name: string;
  endpoint: string;
  capture: { seq: number; state: string; node: string; note?: string };
  request: { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: Record<string, unknown> };
  status: number;
  headers: Record<string, string | string[]>;
  body: unknown;
  decoded?: Record<string, { header: unknown; claims: unknown }>;
}

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({
      name: f.slice(0, -5),
      ...(JSON.parse(readFileSync(`${FIXTURE_DIR}/${f}`, 'utf8')) as Omit<Fixture, 'name'>),
    }))
    .sort((a, b) => a.capture.seq - b.capture.seq);
}

/** Placeholders of the fixtures and the simulator's values for them, learnt as the replay goes. */
export class ReplayVars {
  private readonly values = new Map<string, string>();

  constructor(private readonly passwords: Record<string, string>) {}

  /** A fresh PKCE verifier, challenge, state and nonce, for each authorize request. */
  newLogin(): void {
    const verifier = randomBytes(32).toString('base64url');
    this.values.set('<redacted: PKCE verifier>', verifier);
    this.values.set('<redacted: PKCE challenge>', createHash('sha256').update(verifier).digest('base64url'));
    this.values.set('<redacted: state>', randomBytes(8).toString('hex'));
    this.values.set('<redacted: nonce>', randomBytes(8).toString('hex'));
  }

  fill(text: string, encode = false): string {
    return text.replace(/<redacted: [^>]+>/g, (mark) => {
      const value = this.values.get(mark);
      if (value === undefined) throw new Error(`the replay knows no value for ${mark}`);
      return encode ? encodeURIComponent(value) : value;
    });
  }

  /** The request to send the simulator: placeholders filled, the body encoded as its content type says. */
  request(fixture: Fixture): { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string } {
    const { method, path, headers, body } = fixture.request;
    const filled = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, this.fill(v)]));
    if (body === undefined) return { method, path: this.fill(path, true), headers: filled };
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) {
      fields[k] =
        k === 'password' && v === '<redacted: password>'
          ? (this.passwords[String(body.username)] ?? '')
          : this.fill(String(v));
    }
    const encoded =
      headers['content-type'] === 'application/json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
    return { method, path: this.fill(path, true), headers: filled, body: encoded };
  }

  /** Learns the simulator's auth request ids, codes, tokens and sessions from its answer. */
  learn(fixture: Fixture, reply: Reply): void {
    const location = reply.headers.location;
    if (typeof location === 'string') {
      const url = new URL(location, 'http://sim.invalid');
      const id = url.searchParams.get('authRequestID') ?? url.searchParams.get('id');
      if (id) this.values.set('<redacted: auth request id>', id);
      const code = url.searchParams.get('code');
      if (code) this.values.set('<redacted: authorization code>', code);
    }
    const body = reply.body as Record<string, unknown> | undefined;
    if (typeof body?.access_token === 'string') this.values.set('<redacted: access token>', body.access_token);
    if (typeof body?.refresh_token === 'string') this.values.set('<redacted: refresh token>', body.refresh_token);
    const session = reply.headers['zt-session'];
    const user = String(fixture.request.body?.username ?? '');
    if (typeof session === 'string')
      this.values.set(
        user === 'admin' ? '<redacted: zt-session token>' : `<redacted: zt-session token of ${user}>`,
        session,
      );
  }
}

/** Headers compared: exact values, presence only, or (location) its form: absolute or not, path, query keys. */
const EXACT_HEADERS = ['content-type', 'www-authenticate', 'cache-control', 'pragma', 'retry-after', 'totp-required'];
const PRESENT_HEADERS = ['auth-request-id', 'zt-session', 'set-cookie'];

function locationForm(value: string): string {
  const url = new URL(value, 'http://relative.invalid');
  const absolute = url.origin !== 'http://relative.invalid';
  return `${absolute ? 'absolute' : 'relative'} ${url.pathname}?${[...url.searchParams.keys()].join('&')}`;
}

export function headerDiff(real: Fixture['headers'], sim: Reply['headers']): string[] {
  const out: string[] = [];
  const simValue = (name: string) =>
    sim[name] === undefined ? undefined : Array.isArray(sim[name]) ? sim[name] : String(sim[name]);
  for (const name of [...EXACT_HEADERS, ...PRESENT_HEADERS, 'location']) {
    const [r, s] = [real[name], simValue(name)];
    if (r === undefined && s === undefined) continue;
    if (r === undefined || s === undefined) {
      out.push(
        `headers.${name}: ${r === undefined ? 'absent' : 'present'} in real, ` +
          `${s === undefined ? 'absent' : 'present'} in sim`,
      );
    } else if (name === 'location') {
      const [fr, fs] = [locationForm(String(r)), locationForm(String(s))];
      if (fr !== fs) out.push(`headers.location: ${fr} in real, ${fs} in sim`);
    } else if (EXACT_HEADERS.includes(name) && JSON.stringify(r) !== JSON.stringify(s)) {
      out.push(`headers.${name}: ${JSON.stringify(r)} in real, ${JSON.stringify(s)} in sim`);
    }
  }
  return out;
}

/**
 * Rows of `data` renamed through `ids` (real id -> sim id) and sorted by id, so both sides list the same
 * controller at the same index.
 */
export function aligned(body: unknown, ids: Record<string, string> = {}): unknown {
  const b = body as { data?: unknown } | null;
  if (typeof b !== 'object' || b === null || !Array.isArray(b.data) || !b.data.every((r) => typeof r?.id === 'string'))
    return body;
  const rows = (b.data as Array<{ id: string }>).map((r) => ({ ...r, id: ids[r.id] ?? r.id }));
  return { ...b, data: rows.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)) };
}

/** Values that are constants of the API, or the state a fault leaves, rather than ids and times. */
export const BODY_OPTIONS: ShapeOptions = {
  exact: [
    'error.code',
    'error.message',
    'error.cause.code',
    'error.cause.field',
    'meta.apiVersion',
    'meta.apiEnrollmentVersion',
    'meta.pagination.limit',
    'meta.pagination.offset',
    'meta.pagination.totalCount',
    'data[].id',
    'data[].isOnline',
    'data[].leader',
    'data[].connected',
    'data[].version',
    'data[].voter',
    'data[].readOnly',
    'data.version',
    'code',
    'error',
    'token_type',
    'scope',
  ],
  sets: ['meta.filterableFields', 'data.capabilities'],
};

export function replyDiff(fixture: Fixture, reply: Reply, ids: Record<string, string> = {}): string[] {
  const status = fixture.status === reply.status ? [] : [`status: ${fixture.status} in real, ${reply.status} in sim`];
  const simBody = reply.body === undefined ? reply.text : reply.body;
  return [
    ...status,
    ...headerDiff(fixture.headers, reply.headers),
    ...shapeDiff(aligned(fixture.body, ids), aligned(simBody), BODY_OPTIONS),
  ];
}

/** Header and claims of a JWT. */
export function decodeJwt(jwt: string): { header: unknown; claims: unknown } {
  const [h = '', p = ''] = jwt.split('.');
  const part = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
  return { header: part(h), claims: part(p) };
}
