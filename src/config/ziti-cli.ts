// The `ziti` CLI's stored logins (ziti-cli.json, written by `ziti edge login`): one identity's controller, CA and
// session.
import { readFile } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { z } from 'zod';
import { Secret } from '../secret.js';
import { parseTarget } from './targets.js';
import { UsageError } from '../errors.js';
import { findJsonError } from './json-error.js';

export type StoredSession =
  | { kind: 'oidc'; accessToken: Secret; refreshToken: Secret | null }
  | { kind: 'legacy'; ztSession: Secret };

export interface ZitiCliIdentity {
  /** Path of ziti-cli.json. */
  file: string;
  /** The identity name used. */
  name: string;
  /** Origin of the stored url (its /edge/management/v1 path dropped). */
  origin: string;
  /** The caCert path as stored; null when the OS trust store is used. */
  caFile: string | null;
  username: string | null;
  session: StoredSession | null;
  readOnly: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

// Go's encoding/json reads null as "" and the writer omits empty fields: accept both.
const optionalText = z.string().nullish();
const apiSessionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('oidc'), oidcAccessToken: optionalText, oidcRefreshToken: optionalText }),
  z.object({ type: z.literal('legacy'), ztSessionToken: optionalText }),
]);
const edgeIdentitySchema = z.object({
  url: optionalText,
  username: optionalText,
  token: optionalText,
  caCert: optionalText,
  readOnly: z.boolean().nullish(),
  apiSession: apiSessionSchema.nullish(),
});
/** The parts of ziti-cli.json we read; other fields (loginTime, networkId, layout, ...) pass. */
export const zitiCliFileSchema = z.object({
  edgeIdentities: z.record(z.string(), edgeIdentitySchema.nullable()).nullish(),
  default: optionalText,
});
export type ZitiCliFile = z.infer<typeof zitiCliFileSchema>;
type EdgeIdentity = z.infer<typeof edgeIdentitySchema>;

/**
 * As `ziti` finds it: $ZITI_CONFIG_DIR, else ~/.config/ziti on Linux and ~/.ziti everywhere else (ziti/util/dirs.go).
 */
export function zitiCliPath(opts: { env: Env; homeDir: string; platform: NodeJS.Platform }): string {
  const path = opts.platform === 'win32' ? win32 : posix;
  const dir = opts.env.ZITI_CONFIG_DIR;
  if (dir !== undefined && dir !== '') return path.join(dir, 'ziti-cli.json');
  return opts.platform === 'linux'
    ? path.join(opts.homeDir, '.config', 'ziti', 'ziti-cli.json')
    : path.join(opts.homeDir, '.ziti', 'ziti-cli.json');
}

/**
 * The identity named explicitly (-i/--cli-identity), else the file's `default`, else "default".
 * Null when nothing is stored (no file, or no identity in it) and no identity was asked for.
 * `identityFrom` names where an explicit identity came from in errors (default `-i/--cli-identity`; e.g. `identity in
 * ziti-status.yaml`).
 */
export async function loadZitiCliIdentity(opts: {
  env: Env;
  homeDir: string;
  platform: NodeJS.Platform;
  identity?: string;
  identityFrom?: string;
}): Promise<ZitiCliIdentity | null> {
  const file = zitiCliPath(opts);
  const explicit = opts.identity !== undefined && opts.identity !== '' ? opts.identity : null;
  const text = await readStored(file, explicit, opts.identityFrom ?? '-i/--cli-identity');
  if (text === null) return null;
  const parsed = parseZitiCliText(text, file);
  const identities = parsed.edgeIdentities ?? {};
  const names = Object.keys(identities);
  if (explicit === null && names.length === 0) return null;
  const name = explicit ?? (parsed.default || 'default');
  if (!Object.hasOwn(identities, name)) {
    const available =
      names.length === 0 ? 'it holds no identities' : `it holds ${names.map((n) => `'${n}'`).join(', ')}`;
    const how =
      explicit === null
        ? `its default is '${name}'; pick one with -i/--cli-identity NAME, or `
        : 'pick one with -i/--cli-identity NAME, or ';
    throw new UsageError(
      `${file}: no identity '${name}' (${available}); ${how}create it with: ziti edge login <url> ` +
        `--cli-identity ${name}`,
    );
  }
  return toIdentity(identities[name] ?? null, name, file);
}

/** The file's text; null when it does not exist and nobody asked for an identity by name. */
async function readStored(file: string, explicit: string | null, from: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (explicit === null) return null;
      throw new UsageError(
        `${from} ${explicit}: no ziti CLI logins at ${file}; log in first with: ziti edge login <url> ` +
          `--cli-identity ${explicit} (or set ZITI_CONFIG_DIR to where ziti-cli.json is)`,
      );
    }
    throw new UsageError(`cannot read ${file} (${code ?? 'read error'}); check its permissions`);
  }
}

/** Pure: the file's text -> its validated shape. Errors give positions and field paths, never values. */
export function parseZitiCliText(text: string, file: string): ZitiCliFile {
  const source = text.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    // V8's message quotes the text around the error, which may be a token: locate it ourselves.
    const { offset, reason } = findJsonError(source);
    const before = source.slice(0, offset).split('\n');
    const where = `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
    throw new UsageError(
      `${file}: not valid JSON at ${where} (${reason}); fix it, or move it aside and log in again with: ` +
        `ziti edge login <url>`,
    );
  }
  const result = zitiCliFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.map(String).join('.') || '(top level)';
    throw new UsageError(
      `${file}: ${path}: ${issue?.message ?? 'unexpected shape'}; not the shape ziti edge login writes ` +
        `(log in again, or set ZITI_CONFIG_DIR to another directory)`,
    );
  }
  return result.data;
}

function toIdentity(stored: EdgeIdentity | null, name: string, file: string): ZitiCliIdentity {
  const relogin = `log in again with: ziti edge login <url> --cli-identity ${name}`;
  const url = stored?.url?.trim() ?? '';
  if (url === '') throw new UsageError(`${file}: identity '${name}' has no controller url; ${relogin}`);
  let origin: string;
  try {
    origin = parseTarget(url, `${file}: identity '${name}' url`);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; ${relogin}`);
  }
  return {
    file,
    name,
    origin,
    caFile: stored?.caCert || null,
    username: stored?.username || null,
    session: toSession(stored, name),
    readOnly: stored?.readOnly === true,
  };
}

/** apiSession wins when present (as in `ziti`); v1.x kept the zt-session in `token`. Empty tokens mean no session. */
function toSession(stored: EdgeIdentity | null, name: string): StoredSession | null {
  const from = `ziti-cli.json identity ${name}`;
  const secret = (value: string | null | undefined) => (value?.trim() ? new Secret(value.trim(), from) : null);
  const api = stored?.apiSession;
  if (api?.type === 'oidc') {
    const accessToken = secret(api.oidcAccessToken);
    return accessToken === null ? null : { kind: 'oidc', accessToken, refreshToken: secret(api.oidcRefreshToken) };
  }
  const ztSession = secret(api?.type === 'legacy' ? api.ztSessionToken : stored?.token);
  return ztSession === null ? null : { kind: 'legacy', ztSession };
}
