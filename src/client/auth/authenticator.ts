// Logs in lazily, once for the cluster where one session serves every controller (OIDC tokens are
// signed cluster-wide), and once more per controller only after that controller answers 401.
import type { HttpClient } from '../http-client.js';
import { isExpired, sessionFromToken, type ApiSession } from './api-session.js';
import type { Credentials } from './credentials.js';
import { legacyLogin } from './legacy-login.js';
import { loginFailed, type LoginResult } from './login-result.js';
import { oidcLogin } from './oidc-login.js';
import { refreshTokens } from './oidc-token.js';

/** What the controller's version endpoint said it supports; null when it could not be read. */
export type Capabilities = Promise<readonly string[] | null>;

export class Authenticator {
  private shared: Promise<LoginResult> | null = null;
  private readonly own = new Map<string, Promise<LoginResult>>();

  constructor(
    private readonly client: HttpClient,
    private readonly credentials: Credentials,
    private readonly now: () => Date,
  ) {}

  /** Null when there are no credentials: requests go out without any. */
  async session(origin: string, capabilities: Capabilities): Promise<LoginResult | null> {
    if (this.credentials.kind === 'none') return null;
    const own = this.own.get(origin);
    if (own) return this.fresh(origin, await own);
    if (this.shared === null) {
      this.shared = this.login(origin, capabilities, false);
      return this.fresh(origin, await this.shared);
    }
    const shared = await this.shared;
    // The cluster-wide login failed where it was tried (down, refused): this controller logs in itself.
    return shared.ok ? this.fresh(origin, shared) : this.renew(origin, capabilities);
  }

  /** After a 401 with `session`'s header: log in to this controller once; never more. */
  renew(origin: string, capabilities: Capabilities): Promise<LoginResult> {
    let attempt = this.own.get(origin);
    if (attempt === undefined) {
      attempt = this.login(origin, capabilities, true);
      this.own.set(origin, attempt);
    }
    return attempt;
  }

  /** Whether a 401 is worth one more login: a ready token cannot be renewed by us. */
  canRenew(): boolean {
    return this.credentials.kind === 'password' || this.credentials.kind === 'cert' || this.credentials.kind === 'oidc-session';
  }

  private async fresh(origin: string, result: LoginResult): Promise<LoginResult> {
    if (!result.ok || !isExpired(result.session, this.now())) return result;
    return this.refresh(origin, result.session);
  }

  private async refresh(origin: string, session: ApiSession): Promise<LoginResult> {
    if (session.refreshToken !== null) return refreshTokens(this.client, origin, session.refreshToken);
    return loginFailed({ kind: 'http', status: 401, message: `the session for ${origin} has expired and there is no refresh token${this.loginHint()}` });
  }

  /** `afterRefusal`: a controller answered 401 to what we had, so a stored session is refreshed, not reused. */
  private async login(origin: string, capabilities: Capabilities, afterRefusal: boolean): Promise<LoginResult> {
    const creds = this.credentials;
    switch (creds.kind) {
      case 'none':
        return loginFailed({ kind: 'http', status: 401, message: 'no credentials given' });
      case 'token':
        return { ok: true, session: sessionFromToken(creds.token.reveal()) };
      case 'oidc-session': {
        const stored = sessionFromToken(creds.accessToken.reveal(), creds.refreshToken?.reveal() ?? null);
        return isExpired(stored, this.now()) || afterRefusal ? this.refresh(origin, stored) : { ok: true, session: stored };
      }
      case 'password':
      case 'cert': {
        const oidc = (await capabilities)?.includes('OIDC_AUTH') === true;
        const login = creds.kind === 'cert' ? 'cert' : { username: creds.username, password: creds.password.reveal() };
        return oidc ? oidcLogin(this.client, origin, login) : legacyLogin(this.client, origin, login);
      }
    }
  }

  private loginHint(): string {
    return this.credentials.kind === 'oidc-session' ? `; run \`${this.credentials.loginHint}\` again` : '';
  }
}

export function authHeader(session: ApiSession): Record<string, string> {
  return { [session.header[0]]: session.header[1] };
}
