// Logs in lazily, once for the cluster where one session serves every controller (OIDC tokens are
// signed cluster-wide), and once more per controller only after that controller answers 401.
// Every login runs on the client of the request that needed it, so under that request's deadline:
// in watch mode each poll has its own, and a login to a hung controller must not outlive the poll.
import type { HttpClient } from '../http-client.js';
import { isExpired, sessionFromToken, type ApiSession } from './api-session.js';
import type { Credentials, LoginMethod } from './credentials.js';
import { legacyLogin } from './legacy-login.js';
import { loginFailed, SAYS, type LoginResult } from './login-result.js';
import { oidcLogin } from './oidc-login.js';
import { refreshTokens } from './oidc-token.js';

/** What the controller's version endpoint said it supports; null when it could not be read. */
export type Capabilities = Promise<readonly string[] | null>;

const SHARED = Symbol('the session tried on every controller');

export class Authenticator {
  /** The cluster-wide session under SHARED, a controller's own after its 401 under its origin. */
  private readonly sessions = new Map<string | typeof SHARED, Promise<LoginResult>>();

  constructor(
    private readonly credentials: Credentials,
    private readonly now: () => Date,
  ) {}

  /** Null when there are no credentials: requests go out without any. */
  async session(client: HttpClient, origin: string, capabilities: Capabilities): Promise<LoginResult | null> {
    if (this.credentials.kind === 'none') return null;
    if (this.sessions.has(origin)) return this.fresh(client, origin, origin);
    if (!this.sessions.has(SHARED)) this.remember(SHARED, this.login(client, origin, capabilities, false));
    const shared = await this.fresh(client, SHARED, origin);
    // The cluster-wide login failed where it was tried (down, refused): this controller logs in itself.
    return shared.ok ? shared : this.renew(client, origin, capabilities);
  }

  /** After a 401: log in to this controller once; a second 401 is final (never a loop). */
  renew(client: HttpClient, origin: string, capabilities: Capabilities): Promise<LoginResult> {
    if (!this.sessions.has(origin)) this.remember(origin, this.login(client, origin, capabilities, true));
    return this.sessions.get(origin)!;
  }

  /**
   * Keeps a login for later callers. One that never got an answer (timeout, refused, reset, TLS)
   * is forgotten once it settles, so the next poll tries again; an answer (a refusal included)
   * stands, so a wrong password is not retried on every poll.
   */
  private remember(key: string | typeof SHARED, pending: Promise<LoginResult>): void {
    this.sessions.set(key, pending);
    void pending.then((result) => {
      if (!result.ok && result.failure.kind !== 'http' && this.sessions.get(key) === pending) this.sessions.delete(key);
    });
  }

  /** Whether a 401 is worth one more login: a ready token cannot be renewed by us. */
  canRenew(): boolean {
    return (
      this.credentials.kind === 'password' ||
      this.credentials.kind === 'cert' ||
      this.credentials.kind === 'oidc-session'
    );
  }

  /** The session under `key`, refreshed first (once, shared by concurrent callers) when it expires. */
  private async fresh(client: HttpClient, key: string | typeof SHARED, origin: string): Promise<LoginResult> {
    const pending = this.sessions.get(key)!;
    const result = await pending;
    // Another caller already replaced it (a refresh under way) or dropped it (no answer): share
    // the replacement, or keep this caller's own result.
    const current = this.sessions.get(key);
    if (current !== pending) return current ?? result;
    if (!result.ok || !isExpired(result.session, this.now())) return result;
    const refreshing = this.refresh(client, origin, result.session);
    this.remember(key, refreshing);
    return refreshing;
  }

  private async refresh(client: HttpClient, origin: string, session: ApiSession): Promise<LoginResult> {
    if (session.refreshToken !== null) return refreshTokens(client, origin, session.refreshToken);
    const hint = this.credentials.kind === 'oidc-session' ? `; run \`${this.credentials.loginHint}\` again` : '';
    return loginFailed({
      kind: 'http',
      status: 401,
      message: `the session for ${origin} has expired and there is no refresh token${hint}`,
    });
  }

  /** `afterRefusal`: a controller answered 401 to what we had, so a stored session is refreshed, not reused. */
  private async login(
    client: HttpClient,
    origin: string,
    capabilities: Capabilities,
    afterRefusal: boolean,
  ): Promise<LoginResult> {
    const creds = this.credentials;
    switch (creds.kind) {
      case 'none':
        return loginFailed({ kind: 'http', status: 401, message: 'no credentials given' });
      case 'token':
        return { ok: true, session: sessionFromToken(creds.token.reveal()) };
      case 'oidc-session': {
        const stored = sessionFromToken(creds.accessToken.reveal(), creds.refreshToken?.reveal() ?? null);
        return afterRefusal ? this.refresh(client, origin, stored) : { ok: true, session: stored };
      }
      case 'password':
      case 'cert': {
        const oidc = await usesOidc(creds.method, capabilities);
        const login = creds.kind === 'cert' ? 'cert' : { username: creds.username, password: creds.password.reveal() };
        const result = await (oidc ? oidcLogin(client, origin, login) : legacyLogin(client, origin, login));
        return creds.method === 'auto' ? result : withMethodHint(result, creds.method);
      }
    }
  }
}

/** A forced method does not wait for the capabilities: it never reads them. */
async function usesOidc(method: LoginMethod, capabilities: Capabilities): Promise<boolean> {
  if (method !== 'auto') return method === 'oidc';
  return (await capabilities)?.includes('OIDC_AUTH') === true;
}

/** A controller without the forced method's endpoints answers 404 there: say which method was asked for. */
function withMethodHint(result: LoginResult, method: Exclude<LoginMethod, 'auto'>): LoginResult {
  if (result.ok || result.failure.status !== 404) return result;
  const at = result.failure.message.indexOf(SAYS);
  const [head, said] =
    at < 0 ? [result.failure.message, ''] : [result.failure.message.slice(0, at), result.failure.message.slice(at)];
  return loginFailed({
    ...result.failure,
    message: `${head} (login method '${method}' was forced; 'auto' picks what the controller offers)${said}`,
  });
}

export function authHeader(session: ApiSession): Record<string, string> {
  return { [session.header[0]]: session.header[1] };
}
