// Pending OIDC authorization requests and their codes: in one controller's memory only, as in OpenZiti
// (a login must happen entirely on one controller; only the resulting tokens work everywhere).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Principal } from './users.js';

export interface AuthRequest {
  id: string;
  redirectUri: string;
  state: string;
  nonce: string;
  scopes: string[];
  codeChallenge: string;
  createdAt: number;
  /** Set once a login (password or certificate) succeeded for this request. */
  principal: Principal | null;
  authTime: number;
}

export type NewAuthRequest = Omit<AuthRequest, 'id' | 'createdAt' | 'principal' | 'authTime'>;

/** OpenZiti drops auth requests (and their codes) ten minutes after they were created. */
const REQUEST_LIFETIME_MS = 10 * 60_000;

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export class OidcRequests {
  private readonly requests = new Map<string, Map<string, AuthRequest>>();
  private readonly codes = new Map<string, Map<string, string>>();

  constructor(private readonly clock: () => number) {}

  create(node: string, input: NewAuthRequest): AuthRequest {
    const request = { ...input, id: randomUUID(), createdAt: this.clock(), principal: null, authTime: 0 };
    this.of(this.requests, node).set(request.id, request);
    return request;
  }

  get(node: string, id: string): AuthRequest | undefined {
    const request = this.requests.get(node)?.get(id);
    if (request && this.clock() - request.createdAt >= REQUEST_LIFETIME_MS) {
      this.drop(node, id);
      return undefined;
    }
    return request;
  }

  loggedIn(request: AuthRequest, principal: Principal): void {
    request.principal = principal;
    request.authTime = this.clock();
  }

  /** A one-time code for a logged-in request. */
  issueCode(node: string, request: AuthRequest): string {
    const code = randomBytes(24).toString('base64url');
    this.of(this.codes, node).set(code, request.id);
    return code;
  }

  /** The request a code was issued for; a failed redemption (wrong verifier) leaves it usable, as in zitadel. */
  byCode(node: string, code: string): AuthRequest | undefined {
    const id = this.codes.get(node)?.get(code);
    return id === undefined ? undefined : this.get(node, id);
  }

  /** Tokens were issued: the request and its codes are used up. */
  finish(node: string, request: AuthRequest): void {
    this.drop(node, request.id);
  }

  /** The controller process ended: its in-memory logins are gone. */
  forget(node: string): void {
    this.requests.delete(node);
    this.codes.delete(node);
  }

  private drop(node: string, id: string): void {
    this.requests.get(node)?.delete(id);
    const codes = this.codes.get(node);
    if (codes) for (const [code, requestId] of codes) if (requestId === id) codes.delete(code);
  }

  private of<V>(maps: Map<string, Map<string, V>>, node: string): Map<string, V> {
    const map = maps.get(node);
    if (map) return map;
    const fresh = new Map<string, V>();
    maps.set(node, fresh);
    return fresh;
  }
}
