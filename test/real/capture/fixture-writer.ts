// Writes one JSON fixture per captured exchange (test/fixtures/real-v2.0.3/README.md): the real
// status, the headers that matter and the parsed body, with every credential replaced by a
// placeholder. Secrets are learned as the capture goes (a code shows up in a Location before it is
// known to be one), so redaction runs over every file at flush(), and flush() refuses to write a
// file in which a JWT or a registered secret survived.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawReply, RawRequest } from './raw-https.js';

/** Headers recorded; every other one (date, content-length, vary...) is left out. */
export const KEPT_HEADERS = [
  'content-type',
  'location',
  'auth-request-id',
  'zt-session',
  'retry-after',
  'www-authenticate',
  'cache-control',
  'pragma',
  'set-cookie',
  'totp-required',
];
/** Query parameters whose values are credentials or one-time values of a login. */
const SECRET_PARAMS: Record<string, string> = {
  authRequestID: 'auth request id',
  id: 'auth request id',
  code: 'authorization code',
  state: 'state',
  nonce: 'nonce',
  code_challenge: 'PKCE challenge',
  code_verifier: 'PKCE verifier',
  refresh_token: 'refresh token',
};
/**
 * Fields of what the capture sent (login forms) and of what came back (token answers). A sent
 * `password` is redacted only when it is a real one (see password()): the wrong and the too short
 * passwords stay readable, so a replay can tell the refusals from the logins.
 */
const SENT_SECRETS: Record<string, string> = {
  code: 'authorization code',
  code_verifier: 'PKCE verifier',
  id: 'auth request id',
  refresh_token: 'refresh token',
};
const ANSWERED_SECRETS: Record<string, string> = {
  access_token: 'access token',
  refresh_token: 'refresh token',
  id_token: 'id token',
  token: 'zt-session token',
};

export interface Capture {
  /** Order of the exchange in the capture run: a replay repeats them in this order. */
  seq: number;
  /** What the cluster was doing: healthy, follower-killed, leader-killed, re-elected. */
  state: string;
  /** Who answered: `ctrl1 (leader)`, `ctrl2 (follower)`. */
  node: string;
  note?: string;
  /** `ziti version` of the binary and the day of the capture. */
  ziti: string;
  date: string;
}

export interface Fixture {
  endpoint: string;
  capture: Capture;
  request: { method: string; path: string; headers: Record<string, string>; body?: unknown };
  status: number;
  headers: Record<string, string | string[]>;
  body: unknown;
  decoded?: unknown;
}

const placeholder = (what: string) => `<redacted: ${what}>`;

export function redactQuery(pathOrUrl: string): string {
  const q = pathOrUrl.indexOf('?');
  if (q < 0) return pathOrUrl;
  const pairs = pathOrUrl
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const [key = '', ...rest] = pair.split('=');
      return key in SECRET_PARAMS && rest.length > 0 ? `${key}=${placeholder(SECRET_PARAMS[key]!)}` : pair;
    });
  return `${pathOrUrl.slice(0, q)}?${pairs.join('&')}`;
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return '';
  if (contentType?.startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Known credential fields become placeholders; any other string that is a JWT too. */
function redactFields(value: unknown, fields: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => redactFields(v, fields));
  if (typeof value === 'string') return /^eyJ[\w-]+\.[\w-]+\./.test(value) ? placeholder('jwt') : value;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      typeof v === 'string' && k in fields ? placeholder(fields[k]!) : redactFields(v, fields),
    ]),
  );
}

function keptHeaders(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value === undefined) continue;
    if (name === 'zt-session') out[name] = placeholder('zt-session token');
    else if (name === 'auth-request-id') out[name] = placeholder('auth request id');
    else if (name === 'set-cookie')
      out[name] = (Array.isArray(value) ? value : [value]).map((c) =>
        c.replace(/^([^=]+)=[^;]*/, `$1=${placeholder('cookie')}`),
      );
    else if (name === 'location') out[name] = redactQuery(String(value));
    else out[name] = value;
  }
  return out;
}

export class FixtureWriter {
  private readonly secrets = new Map<string, string>();
  private readonly fixtures = new Map<string, Fixture>();
  private readonly passwords = new Set<string>();

  constructor(private readonly dir: string) {}

  /** `value` is replaced by `<redacted: what>` wherever it appears in any fixture. */
  secret(value: string | null | undefined, what: string): void {
    if (value && value.length >= 8) this.secrets.set(value, placeholder(what));
  }

  /** A real password: replaced by `<redacted: password>` in the login bodies sent. */
  password(value: string): void {
    this.passwords.add(value);
    this.secret(value, 'password');
  }

  record(name: string, capture: Omit<Capture, 'seq'>, req: RawRequest, reply: RawReply, decoded?: unknown): void {
    if (this.fixtures.has(name)) throw new Error(`fixture ${name} recorded twice`);
    const path = redactQuery(req.path);
    const contentType = typeof reply.headers['content-type'] === 'string' ? reply.headers['content-type'] : undefined;
    const sentHeaders = Object.fromEntries(Object.entries(req.headers ?? {}).filter(([k]) => k !== 'content-length'));
    const sent =
      req.body === undefined
        ? undefined
        : (redactFields(parseBody(req.body, req.headers?.['content-type']), SENT_SECRETS) as Record<string, unknown>);
    if (sent !== undefined && typeof sent.password === 'string' && this.passwords.has(sent.password))
      sent.password = placeholder('password');
    const fixture: Fixture = {
      endpoint: `${req.method} ${path}`,
      capture: { seq: this.fixtures.size + 1, ...capture },
      request: { method: req.method, path, headers: sentHeaders, ...(sent !== undefined ? { body: sent } : {}) },
      status: reply.status,
      headers: keptHeaders(reply.headers),
      body: redactFields(parseBody(reply.text, contentType), ANSWERED_SECRETS),
      ...(decoded !== undefined ? { decoded } : {}),
    };
    this.fixtures.set(name, fixture);
  }

  /** Replaces the directory's JSON files with the redacted fixtures; throws naming a file that still holds a secret. */
  flush(): string[] {
    mkdirSync(this.dir, { recursive: true });
    const byLength = [...this.secrets].sort((a, b) => b[0].length - a[0].length);
    const texts = new Map<string, string>();
    for (const [name, fixture] of this.fixtures) {
      let text = `${JSON.stringify(fixture, null, 2)}\n`;
      for (const [value, mark] of byLength) {
        for (const form of new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]))
          text = text.split(form).join(mark);
      }
      if (/eyJ[\w-]{10,}/.test(text)) throw new Error(`${name}: a JWT survived redaction`);
      texts.set(`${name}.json`, text);
    }
    for (const file of readdirSync(this.dir)) if (file.endsWith('.json')) rmSync(join(this.dir, file));
    for (const [file, text] of texts) writeFileSync(join(this.dir, file), text);
    return [...texts.keys()].sort();
  }
}
