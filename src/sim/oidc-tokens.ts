// OIDC tokens of the simulated cluster: minted by any node, valid on every node (one signer per
// cluster), expiring by their `exp` claim; revocations are cluster-wide, as OpenZiti replicates them.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { signJwt, verifyJwt, type Claims } from './jwt.js';
import { identityIdOf, type AuthMethod, type Principal } from './users.js';

/** OpenZiti's custom claim `z_t`: "a" for access tokens, "r" for refresh tokens. */
export type TokenType = 'a' | 'r';

export interface TokenSet {
  access_token: string;
  token_type: 'Bearer';
  refresh_token: string;
  id_token: string;
  expires_in: number;
  scope: string;
}

/** What a grant carries from the login (or the refresh token) into the new tokens. */
export interface Grant {
  principal: Principal;
  scopes: string[];
  apiSessionId: string;
  authTime: number;
  nonce?: string;
  /** The code redeemed (an id token's c_hash), absent on a refresh. */
  code?: string;
  /** Where the login came from (`z_ra`; the real claim also has the port). */
  remoteAddress?: string;
}

const seconds = (ms: number) => Math.floor(ms / 1000);
/** OIDC's at_hash / c_hash: the left half of the SHA-256 of the value, base64url. */
const halfHash = (value: string) => createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');

export class OidcTokens {
  private readonly secret = randomBytes(32);
  private readonly keyId = randomBytes(8).toString('hex');
  /** jti -> the node that minted it and its type, so controls can revoke by node or by type. */
  private readonly issued = new Map<string, { node: string; type: TokenType }>();
  private readonly revoked = new Set<string>();

  constructor(
    private readonly accessTtlMs: number,
    private readonly refreshTtlMs: number,
    private readonly clock: () => number,
  ) {}

  /** Access, refresh and id token for `grant`, minted by `node` whose issuer is `issuer` (`<origin>/oidc`). */
  mint(node: string, issuer: string, grant: Grant): TokenSet {
    const now = this.clock();
    const common = {
      iss: issuer,
      sub: grant.principal.identityId,
      aud: ['native'],
      iat: seconds(now),
      auth_time: seconds(grant.authTime),
      amr: [grant.principal.method],
      client_id: 'native',
    };
    const admin = grant.principal.admin ? { z_ia: true } : {};
    // The custom claims v2.0.3 puts in access and refresh tokens (z_cfs: config types, null when none asked for).
    const custom = {
      z_aid: 'native',
      z_asid: grant.apiSessionId,
      z_authid: identityIdOf(`${grant.principal.name}/${grant.principal.method}`),
      z_cer: false,
      z_cfs: null,
      z_ckrr: false,
      z_env: {},
      ...admin,
      z_iccc: false,
      z_ice: false,
      z_ra: grant.remoteAddress ?? '',
      z_sdk: {},
      scopes: grant.scopes,
    };
    const token = (type: TokenType, ttlMs: number) => {
      const jti = randomUUID();
      this.issued.set(jti, { node, type });
      return signJwt(
        { ...common, nbf: seconds(now), ...custom, jti, exp: seconds(now + ttlMs), z_t: type },
        this.secret,
        this.keyId,
      );
    };
    const accessToken = token('a', this.accessTtlMs);
    const idClaims = {
      ...common,
      azp: 'native',
      at_hash: halfHash(accessToken),
      ...(grant.code ? { c_hash: halfHash(grant.code) } : {}),
      ...admin,
    };
    const idToken = signJwt(
      {
        ...idClaims,
        exp: seconds(now + this.accessTtlMs),
        name: grant.principal.name,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
      },
      this.secret,
      this.keyId,
    );
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      refresh_token: token('r', this.refreshTtlMs),
      id_token: idToken,
      expires_in: seconds(this.accessTtlMs),
      scope: grant.scopes.join(' '),
    };
  }

  /** The claims of a live token of `type` (signed by this cluster, not expired, not revoked), or null. */
  verify(token: string, type: TokenType): Claims | null {
    const claims = verifyJwt(token, this.secret);
    if (!claims || claims.z_t !== type || typeof claims.jti !== 'string' || this.revoked.has(claims.jti)) return null;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.clock()) return null;
    return claims;
  }

  /** Whether `token` is one of this cluster's, past its `exp` (revoked tokens are invalid, not expired). */
  expired(token: string): boolean {
    const claims = verifyJwt(token, this.secret);
    return claims !== null && typeof claims.exp === 'number' && claims.exp * 1000 <= this.clock();
  }

  /** The grant a refresh token carries into the tokens it is exchanged for. */
  grantOf(claims: Claims): Grant {
    return {
      principal: principalOf(claims),
      scopes: Array.isArray(claims.scopes) ? claims.scopes.filter((s): s is string => typeof s === 'string') : [],
      apiSessionId: typeof claims.z_asid === 'string' ? claims.z_asid : randomUUID(),
      authTime: typeof claims.auth_time === 'number' ? claims.auth_time * 1000 : this.clock(),
      ...(typeof claims.z_ra === 'string' ? { remoteAddress: claims.z_ra } : {}),
    };
  }

  /** Every access token issued so far stops working; refresh tokens keep working. */
  expireAccessTokens(): void {
    for (const [jti, t] of this.issued) if (t.type === 'a') this.revoked.add(jti);
  }

  /** Access and refresh tokens minted by `node` (or by any node) stop working everywhere. */
  revoke(node?: string): void {
    for (const [jti, t] of this.issued) if (node === undefined || t.node === node) this.revoked.add(jti);
  }
}

export function principalOf(claims: Claims): Principal {
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const amr = Array.isArray(claims.amr) && claims.amr[0] === 'cert' ? 'cert' : 'password';
  return { identityId: sub, name: sub, admin: claims.z_ia === true, method: amr satisfies AuthMethod };
}
