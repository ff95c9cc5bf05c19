// The ziti CLI's stored logins (ziti-cli.json): location, identity selection, session shapes, errors without tokens;
// jwtExpiry.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtExpiry } from '../../src/client/auth/jwt.js';
import { UsageError } from '../../src/errors.js';
import { findJsonError } from '../../src/config/json-error.js';
import { loadZitiCliIdentity, zitiCliPath } from '../../src/config/ziti-cli.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>) =>
  `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
const EXP = 1_767_225_600; // 2026-01-01T00:00:00Z
const ACCESS = jwt({ iss: 'https://ctrl1.example:1280/oidc', sub: 'admin-id', exp: EXP, z_asid: 'session-1' });
const REFRESH = jwt({ sub: 'admin-id', exp: EXP + 86_400, typ: 'refresh' });
const ZT_SESSION = 'b7c1f0de-5a3e-4a0e-9d41-3f2a1c9e8d77';
const SECRETS = [ACCESS, REFRESH, ZT_SESSION, 'hunter2-token'];

describe('zitiCliPath', () => {
  it.each<[string, NodeJS.Platform, Record<string, string>, string, string]>([
    ['Linux', 'linux', {}, '/home/ops', '/home/ops/.config/ziti/ziti-cli.json'],
    ['macOS', 'darwin', {}, '/Users/ops', '/Users/ops/.ziti/ziti-cli.json'],
    ['Windows', 'win32', {}, 'C:\\Users\\ops', 'C:\\Users\\ops\\.ziti\\ziti-cli.json'],
    ['another unix (not linux, as ziti decides)', 'freebsd', {}, '/home/ops', '/home/ops/.ziti/ziti-cli.json'],
    ['ZITI_CONFIG_DIR', 'linux', { ZITI_CONFIG_DIR: '/srv/ziti-cli' }, '/home/ops', '/srv/ziti-cli/ziti-cli.json'],
    [
      'ZITI_CONFIG_DIR on Windows',
      'win32',
      { ZITI_CONFIG_DIR: 'D:\\ziti' },
      'C:\\Users\\ops',
      'D:\\ziti\\ziti-cli.json',
    ],
    ['an empty ZITI_CONFIG_DIR', 'darwin', { ZITI_CONFIG_DIR: '' }, '/Users/ops', '/Users/ops/.ziti/ziti-cli.json'],
  ])('%s', (_, platform, env, homeDir, expected) => {
    expect(zitiCliPath({ env, homeDir, platform })).toBe(expected);
  });
});

describe('loadZitiCliIdentity', () => {
  let home: string;
  const linuxFile = () => join(home, '.config', 'ziti', 'ziti-cli.json');
  const store = async (content: unknown, file = linuxFile()) => {
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 4));
  };
  const load = (identity?: string) =>
    loadZitiCliIdentity({ env: {}, homeDir: home, platform: 'linux', ...(identity === undefined ? {} : { identity }) });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    const { message } = error as UsageError;
    for (const secret of SECRETS) expect(message).not.toContain(secret);
    return message;
  };
  const identity = (fields: Record<string, unknown>) => ({
    url: 'https://ctrl1.example:1280/edge/management/v1',
    username: 'admin',
    token: '',
    loginTime: '2025-01-14T19:42:13Z',
    readOnly: false,
    networkId: '',
    ...fields,
  });

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'ziti-status-ziti-cli-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('returns null when there is no file and no identity was asked for', async () => {
    expect(await load()).toBeNull();
  });

  it('reads an OIDC login as `ziti edge login` (2.x) writes it', async () => {
    await store({
      edgeIdentities: {
        default: identity({
          caCert: '/home/ops/.config/ziti/certs/ctrl1.example',
          apiSession: { type: 'oidc', oidcAccessToken: ACCESS, oidcRefreshToken: REFRESH },
        }),
      },
      default: 'default',
      layout: 1,
    });
    const found = await load();
    expect(found).toMatchObject({
      file: linuxFile(),
      name: 'default',
      origin: 'https://ctrl1.example:1280',
      caFile: '/home/ops/.config/ziti/certs/ctrl1.example',
      username: 'admin',
      readOnly: false,
    });
    expect(found?.session?.kind).toBe('oidc');
    if (found?.session?.kind !== 'oidc') return;
    expect(found.session.accessToken.reveal()).toBe(ACCESS);
    expect(found.session.refreshToken?.reveal()).toBe(REFRESH);
    expect(found.session.accessToken.from).toBe('ziti-cli.json identity default');
    expect(jwtExpiry(found.session.accessToken.reveal())).toEqual(new Date(EXP * 1000));
    expect(JSON.stringify(found)).not.toContain(ACCESS);
  });

  it('an OIDC login without a refresh token keeps the access token', async () => {
    await store({ edgeIdentities: { default: identity({ apiSession: { type: 'oidc', oidcAccessToken: ACCESS } }) } });
    const found = await load();
    expect(found?.session).toMatchObject({ kind: 'oidc', refreshToken: null });
  });

  it('reads a legacy apiSession', async () => {
    await store({
      edgeIdentities: { default: identity({ apiSession: { type: 'legacy', ztSessionToken: ZT_SESSION } }) },
    });
    const found = await load();
    expect(found?.session?.kind).toBe('legacy');
    if (found?.session?.kind === 'legacy') expect(found.session.ztSession.reveal()).toBe(ZT_SESSION);
  });

  it('reads a v1.x login (zt-session in `token`), and caCert / readOnly as stored', async () => {
    await mkdir(join(home, '.config', 'ziti'), { recursive: true });
    await copyFile(new URL('../fixtures/config/ziti-cli-v1.json', import.meta.url), linuxFile());
    const found = await load();
    expect(found).toMatchObject({
      name: 'default',
      origin: 'https://ctrl1.example:1280',
      caFile: '/home/ops/.config/ziti/certs/ctrl1.example',
      readOnly: false,
    });
    expect(found?.session?.kind).toBe('legacy');
    if (found?.session?.kind === 'legacy')
      expect(found.session.ztSession.reveal()).toBe('6f1c3b2a-0d4e-4f5a-9b8c-7e6d5c4b3a21');
    const staging = await load('staging');
    expect(staging).toMatchObject({
      name: 'staging',
      origin: 'https://stage.example:1280',
      caFile: null,
      username: 'viewer',
      session: null,
      readOnly: true,
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['no apiSession and an empty token', {}],
    ['a null apiSession', { apiSession: null }],
    ['an OIDC session without an access token', { apiSession: { type: 'oidc', oidcRefreshToken: REFRESH } }],
    ['a legacy session with an empty token', { apiSession: { type: 'legacy', ztSessionToken: '' }, token: ZT_SESSION }],
  ])('%s means no stored session', async (_, fields) => {
    await store({ edgeIdentities: { default: identity(fields) } });
    expect((await load())?.session).toBeNull();
  });

  it('apiSession wins over a leftover v1.x token, as in ziti', async () => {
    await store({
      edgeIdentities: {
        default: identity({ token: 'old-token', apiSession: { type: 'oidc', oidcAccessToken: ACCESS } }),
      },
    });
    expect((await load())?.session?.kind).toBe('oidc');
  });

  it('null and missing optional fields read as absent (Go writes both)', async () => {
    await store({
      edgeIdentities: { default: { url: 'ctrl1.example:1280', username: null, caCert: null, readOnly: null } },
    });
    expect(await load()).toMatchObject({
      origin: 'https://ctrl1.example:1280',
      username: null,
      caFile: null,
      readOnly: false,
      session: null,
    });
  });

  it('picks the identity named by the `default` field, and -i overrides it', async () => {
    await store({
      edgeIdentities: {
        default: identity({}),
        prod: identity({ url: 'https://prod.example:443/edge/management/v1' }),
        lab: identity({ url: 'http://127.0.0.1:4100' }),
      },
      default: 'prod',
    });
    expect((await load())?.origin).toBe('https://prod.example');
    expect((await load())?.name).toBe('prod');
    expect((await load('lab'))?.origin).toBe('http://127.0.0.1:4100');
  });

  it('falls back to "default" when the file has no `default` field', async () => {
    await store({ edgeIdentities: { other: identity({ url: 'https://other.example:1280' }), default: identity({}) } });
    expect((await load())?.name).toBe('default');
  });

  it('reads the macOS location and ZITI_CONFIG_DIR', async () => {
    await store({ edgeIdentities: { default: identity({}) } }, join(home, '.ziti', 'ziti-cli.json'));
    expect((await loadZitiCliIdentity({ env: {}, homeDir: home, platform: 'darwin' }))?.file).toBe(
      join(home, '.ziti', 'ziti-cli.json'),
    );
    const dir = join(home, 'custom');
    await store(
      { edgeIdentities: { default: identity({ url: 'https://custom.example:1280' }) } },
      join(dir, 'ziti-cli.json'),
    );
    const found = await loadZitiCliIdentity({ env: { ZITI_CONFIG_DIR: dir }, homeDir: home, platform: 'darwin' });
    expect(found).toMatchObject({ file: join(dir, 'ziti-cli.json'), origin: 'https://custom.example:1280' });
  });

  it('ignores fields it does not use', async () => {
    await store({
      edgeIdentities: { default: identity({ futureField: { x: 1 } }) },
      layout: 1,
      layoutNoticeShown: true,
      somethingNew: [1, 2],
    });
    expect((await load())?.origin).toBe('https://ctrl1.example:1280');
  });

  it('an empty store is treated like no file when no identity was asked for', async () => {
    await store({ edgeIdentities: {}, default: 'default', layout: 1 });
    expect(await load()).toBeNull();
  });

  describe('errors name the file and never a token', () => {
    it('an explicit identity without a file says where it looked and how to log in', async () => {
      const message = await failure(load('prod'));
      expect(message).toContain(linuxFile());
      expect(message).toContain('-i/--cli-identity prod');
      expect(message).toContain('ziti edge login <url> --cli-identity prod');
      const fromConfig = await failure(
        loadZitiCliIdentity({
          env: {},
          homeDir: home,
          platform: 'linux',
          identity: 'prod',
          identityFrom: 'identity in ziti-status.yaml',
        }),
      );
      expect(fromConfig).toContain('identity in ziti-status.yaml prod: no ziti CLI logins');
    });

    it('an unknown explicit identity lists the available ones', async () => {
      await store({ edgeIdentities: { default: identity({ token: ZT_SESSION }), lab: identity({}) } });
      const message = await failure(load('prod'));
      expect(message).toContain(linuxFile());
      expect(message).toContain("no identity 'prod'");
      expect(message).toContain("'default', 'lab'");
      expect(message).toContain('ziti edge login <url> --cli-identity prod');
    });

    it('a `default` field naming a missing identity is an error', async () => {
      await store({ edgeIdentities: { lab: identity({ token: ZT_SESSION }) }, default: 'prod' });
      const message = await failure(load());
      expect(message).toContain("no identity 'prod'");
      expect(message).toContain("'lab'");
      expect(message).toContain('-i/--cli-identity');
    });

    it('an explicit identity in an empty store is an error', async () => {
      await store({ edgeIdentities: {} });
      expect(await failure(load('default'))).toContain('it holds no identities');
    });

    it.each<[string, string, string[]]>([
      [
        'a bare token',
        `{"edgeIdentities": {"default": {"token": hunter2-token}}}`,
        ['line 1, column 42', 'unexpected character'],
      ],
      [
        'a trailing comma',
        `{\n  "edgeIdentities": {\n    "default": {"token": "hunter2-token",}\n  }\n}`,
        ['line 3, column 42', 'expected a quoted property name'],
      ],
      [
        'a truncated file',
        `{"edgeIdentities": {"default": {"token": "hunter2-token"`,
        ['line 1, column 57', 'unexpected end of file'],
      ],
      ['an empty file', '', ['line 1, column 1', 'unexpected end of file']],
    ])('malformed JSON (%s) gives a position and no content', async (_, text, parts) => {
      await store(text);
      const message = await failure(load());
      expect(message).toContain(linuxFile());
      expect(message).toContain('not valid JSON');
      for (const part of parts) expect(message).toContain(part);
    });

    it.each<[string, unknown, string]>([
      [
        'a string for readOnly',
        { edgeIdentities: { default: identity({ readOnly: 'yes', token: ZT_SESSION }) } },
        'edgeIdentities.default.readOnly',
      ],
      [
        'an unknown session type',
        { edgeIdentities: { default: identity({ apiSession: { type: 'magic', oidcAccessToken: ACCESS } }) } },
        'edgeIdentities.default.apiSession.type',
      ],
      [
        'a number for a token',
        { edgeIdentities: { default: identity({ apiSession: { type: 'legacy', ztSessionToken: 42 } }) } },
        'edgeIdentities.default.apiSession.ztSessionToken',
      ],
      ['a list at the top', [ACCESS], '(top level)'],
      ['a list of identities', { edgeIdentities: [identity({})] }, 'edgeIdentities'],
    ])('a wrong shape (%s) names the field path', async (_, content, path) => {
      await store(content);
      const message = await failure(load());
      expect(message).toContain(linuxFile());
      expect(message).toContain(path);
    });

    it.each<[string, Record<string, unknown> | null, string]>([
      ['no url', { username: 'admin', token: ZT_SESSION }, 'has no controller url'],
      [
        'an empty url',
        identity({ url: '', apiSession: { type: 'oidc', oidcAccessToken: ACCESS } }),
        'has no controller url',
      ],
      ['a null identity', null, 'has no controller url'],
      ['an unusable url', identity({ url: 'ftp://ctrl1.example:21', token: ZT_SESSION }), "unsupported scheme 'ftp'"],
      [
        'credentials in the url',
        identity({ url: 'https://admin:hunter2-token@ctrl1.example:1280' }),
        'credentials in the URL',
      ],
    ])('an identity with %s is an error saying how to log in again', async (_, stored, reason) => {
      await store({ edgeIdentities: { default: stored } });
      const message = await failure(load());
      expect(message).toContain(linuxFile());
      expect(message).toContain(reason);
      expect(message).toContain('ziti edge login <url> --cli-identity default');
    });
  });
});

describe('findJsonError', () => {
  it.each<[string, number, string]>([
    ['{"a": tru}', 6, 'unexpected character'],
    ['{"a": 1,}', 8, 'expected a quoted property name'],
    ['{"a" 1}', 5, "expected ':' after a property name"],
    ['[1 2]', 3, "expected ',' or ']'"],
    ['{"a": "x', 8, 'unterminated string'],
    ['{"a": "\\q"}', 8, 'invalid escape in a string'],
    ['{"a": "\t"}', 7, 'control character in a string'],
    ['{} x', 3, 'unexpected text after the JSON value'],
    ['{"a": -}', 6, 'unexpected character'],
    ['', 0, 'unexpected end of file'],
  ])('%j -> offset %d (%s)', (text, offset, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonError(text)).toEqual({ offset, reason });
  });
});

describe('jwtExpiry', () => {
  it('reads exp from a real-shaped JWT without verifying it', () => {
    expect(jwtExpiry(ACCESS)).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(jwtExpiry(` ${REFRESH}\n`)).toEqual(new Date((EXP + 86_400) * 1000));
  });

  it('keeps fractional seconds', () => {
    expect(jwtExpiry(jwt({ exp: 1.5 }))?.getTime()).toBe(1500);
  });

  it.each([
    ['an opaque zt-session token', ZT_SESSION],
    ['an empty string', ''],
    ['two segments', `${b64({ alg: 'none' })}.${b64({ exp: EXP })}`],
    ['an encrypted (5-segment) token', `${b64({ alg: 'RSA-OAEP' })}.a.b.c.d`],
    ['no exp claim', jwt({ sub: 'x' })],
    ['a string exp', jwt({ exp: String(EXP) })],
    ['a payload that is not JSON', `${b64({ alg: 'RS256' })}.${Buffer.from('not json').toString('base64url')}.sig`],
    ['a payload that is a list', `${b64({ alg: 'RS256' })}.${b64([EXP])}.sig`],
    ['a header that is not JSON', `bm90IGpzb24.${b64({ exp: EXP })}.sig`],
    ['characters outside base64url', `${b64({ alg: 'RS256' })}.${b64({ exp: EXP })}+/=.sig`],
    ['an out-of-range exp', jwt({ exp: 1e300 })],
  ])('%s -> null', (_, token) => {
    expect(jwtExpiry(token)).toBeNull();
  });
});
