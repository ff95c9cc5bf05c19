// Logging in for real against the simulated cluster: OIDC, legacy, tokens, stored ziti logins, TLS.
// Every case asserts the verdict and what the controllers saw (logins, retries, headers).
import { describe, expect, it } from '@jest/globals';
import { X509Certificate, createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listJson, runCli, emptyDir } from '../helpers/cli.js';
import { controllerPki, testPki } from '../helpers/pki.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster();
const PASSWORD = 'S3cret-Passw0rd-XYZ';
const users = [{ username: 'admin', password: PASSWORD, admin: true }];

describe('password logins', () => {
  it('OIDC (2.x): logs in once for the whole cluster and reads every controller; healthy', async () => {
    const c = await start({ nodes: 3, auth: 'oidc', users });
    const { code, view, stderr } = await listJson([c.url('ctrl1')], ['-u', 'admin', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(stderr).toBe('');
    expect(view.cluster.verdict).toBe('healthy');
    expect(code).toBe(0);
    expect(c.authStats()).toMatchObject({ codeGrants: 1 });
  });

  it(
    'legacy zt-session with per-controller sessions: one ' + 'login per controller after its 401, never a loop',
    async () => {
      const c = await start({ nodes: 3, auth: 'legacy', users });
      const { code, view } = await listJson([c.url('ctrl1')], ['-u', 'admin'], {
        env: { ZITI_STATUS_PASSWORD: PASSWORD },
      });
      expect(view.cluster.verdict).toBe('healthy');
      expect(code).toBe(0);
      for (const id of ['ctrl1', 'ctrl2', 'ctrl3']) expect(c.loginCount(id)).toBe(1);
    },
  );

  it('legacy with sessions shared by the cluster: one login in all', async () => {
    const c = await start({ nodes: 3, auth: 'legacy', users, sharedSessions: true });
    const { view } = await listJson([c.url('ctrl2')], ['-u', 'admin'], { env: { ZITI_STATUS_PASSWORD: PASSWORD } });
    expect(view.cluster.verdict).toBe('healthy');
    expect(c.loginCount()).toBe(1);
  });

  it('a wrong password everywhere: verdict unknown, exit 3, auth flags saying credentials were refused', async () => {
    const c = await start({ nodes: 3, auth: 'oidc', users });
    const { code, view } = await listJson([c.url('ctrl1')], ['-u', 'admin', '--password-stdin'], { stdin: 'wrong' });
    expect(code).toBe(3);
    expect(view.cluster.verdict).toBe('unknown');
    expect(view.controllers[0]!.flags.map((f) => f.code)).toContain('auth');
    expect(view.controllers[0]!.flags.find((f) => f.code === 'auth')!.message).toMatch(/credentials refused \(401\)/);
  });

  // docs/design.md section 2: a login that fails for any reason is a refusal, with the controller's own reason.
  it(
    'legacy login with a password under 5 characters (a ' + '400 COULD_NOT_VALIDATE, not a 401): unknown, exit 3',
    async () => {
      const c = await start({ nodes: 3, auth: 'legacy', users: [{ username: 'admin', password: 'abc', admin: true }] });
      const { code, view } = await listJson([c.url('ctrl1')], ['-u', 'admin', '--password-stdin'], { stdin: 'abc' });
      expect({ code, verdict: view.cluster.verdict }).toEqual({ code: 3, verdict: 'unknown' });
      expect(view.cluster.reasons).toEqual([expect.stringMatching(/the login failed/)]);
      for (const row of view.controllers) {
        const flag = row.flags.find((f) => f.code === 'auth');
        expect(flag?.message).toMatch(
          /HTTP 400 on .*the controller says COULD_NOT_VALIDATE: .*password in body should be at least 5 chars long/,
        );
        expect(row.flags.map((f) => f.code)).not.toContain('bad-response');
        // The cause's value is the password itself: never echoed.
        expect(JSON.stringify(row)).not.toMatch(/"abc"|value/);
      }
    },
  );

  it(
    '--login-method oidc on a controller without OIDC (404 at /oidc/authorize): unknown, exit 3, never ' + 'critical',
    async () => {
      const c = await start({ nodes: 3, auth: 'legacy', users });
      const { code, view } = await listJson(
        [c.url('ctrl1')],
        ['-u', 'admin', '--password-stdin', '--login-method', 'oidc'],
        {
          stdin: PASSWORD,
        },
      );
      expect({ code, verdict: view.cluster.verdict }).toEqual({ code: 3, verdict: 'unknown' });
      const flag = view.controllers[0]!.flags.find((f) => f.code === 'auth');
      expect(flag?.message).toMatch(/HTTP 404 .*on \/oidc\/authorize.*login method 'oidc' was forced/);
    },
  );

  it('a wrong OIDC password: the controller reason said once per controller in the plain output', async () => {
    const c = await start({ nodes: 3, auth: 'oidc', users });
    const { code, stdout, stderr } = await runCli(
      ['list', 'controllers', '-c', c.url('ctrl1'), '-u', 'admin', '--password-stdin', '-o', 'plain'],
      { stdin: 'wrong-password' },
    );
    expect(code).toBe(3);
    const text = `${stdout}\n${stderr}`;
    // One controller asked and one line naming the controller's reason: not once per signal.
    expect(text.split('INVALID_AUTH').length - 1).toBe(1);
  });

  it('no credentials: the flag says no login was given and how to give one, not "credentials refused"', async () => {
    const c = await start({ nodes: 3, auth: 'legacy', users });
    const { view } = await listJson([c.url('ctrl1')]);
    const flag = view.controllers[0]!.flags.find((f) => f.code === 'auth')!;
    expect(flag.message).toMatch(/^no login was given/);
    expect(flag.message).toMatch(/-u USER.*--password-stdin.*--token.*-i\/--cli-identity/);
    expect(flag.message).not.toMatch(/credentials refused/);
  });

  it('no credentials against a cluster that needs them: unknown, exit 3', async () => {
    const c = await start({ nodes: 3, auth: 'legacy', users });
    const { code, view } = await listJson([c.url('ctrl1')]);
    expect(code).toBe(3);
    expect(view.cluster.verdict).toBe('unknown');
  });

  it(
    'a missing permission (401 without a challenge, as v2.0.3 answers) is told apart from refused ' + 'credentials',
    async () => {
      const c = await start({
        nodes: 3,
        auth: 'oidc',
        users: [{ username: 'viewer', password: PASSWORD, admin: false }],
      });
      const { view } = await listJson([c.url('ctrl1')], ['-u', 'viewer', '--password-stdin'], { stdin: PASSWORD });
      expect(view.cluster).toMatchObject({ verdict: 'healthy', leader: 'ctrl1', quorum: { verified: false } });
      expect(view.controllers[0]!.flags).toEqual([
        {
          code: 'auth',
          message: expect.stringMatching(/^permission missing \(401 without a WWW-Authenticate challenge/),
        },
      ]);
    },
  );

  it('a prompt on a terminal when only a username is given', async () => {
    const c = await start({ nodes: 3, auth: 'oidc', users });
    const { view } = await listJson([c.url('ctrl1')], ['-u', 'admin'], { promptAnswer: PASSWORD });
    expect(view.cluster.verdict).toBe('healthy');
  });

  it('a username and no way to get a password off a terminal: usage error, exit 64, nothing on stdout', async () => {
    const result = await runCli(['list', 'controllers', '-c', 'ctrl1.example:1280', '-u', 'admin']);
    expect(result).toMatchObject({ code: 64, stdout: '' });
    expect(result.stderr).toMatch(/no password for admin: use --password-stdin, ZITI_STATUS_PASSWORD/);
  });
});

describe('ready tokens and stored ziti logins', () => {
  it('--token with a legacy zt-session; ZITI_STATUS_TOKEN with an OIDC bearer token, recognised by form', async () => {
    const legacy = await start({ nodes: 3, auth: 'legacy', users, sharedSessions: true });
    const login = await fetch(`${legacy.url('ctrl1')}/edge/management/v1/authenticate?method=password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const ztSession = login.headers.get('zt-session')!;
    expect((await listJson([legacy.url('ctrl1')], ['--token', ztSession])).view.cluster.verdict).toBe('healthy');
    expect(legacy.requestLog('ctrl2').some((e) => e.hasAuth && e.path === '/fabric/v1/cluster/list-members')).toBe(
      true,
    );

    const oidc = await start({ nodes: 3, auth: 'oidc', users });
    const { access } = await oidcTokens(oidc.url('ctrl1'));
    const before = oidc.loginCount();
    const { view } = await listJson([oidc.url('ctrl1')], [], { env: { ZITI_STATUS_TOKEN: access } });
    expect(view.cluster.verdict).toBe('healthy');
    expect(oidc.loginCount()).toBe(before); // used as it is: no login of our own
  });

  it(
    'a stored OIDC login whose JWT exp has passed is refreshed before the first request: no 401 is ever ' + 'seen',
    async () => {
      const c = await start({ nodes: 3, auth: 'oidc', users });
      const tokens = await oidcTokens(c.url('ctrl1'));
      const home = emptyDir();
      // The stored access token expired an hour ago; it is never sent, only its refresh token is used.
      writeZitiCli(home, c.url('ctrl1'), {
        type: 'oidc',
        oidcAccessToken: expiredJwt(),
        oidcRefreshToken: tokens.refresh,
      });
      const { view } = await listJson([], [], { homeDir: home });
      expect(view.cluster.verdict).toBe('healthy');
      expect(c.authStats().refreshGrants).toBe(1);
      for (const id of ['ctrl1', 'ctrl2', 'ctrl3'])
        expect(c.requestLog(id).filter((e) => e.status === 401)).toEqual([]);
    },
  );

  it(
    'a stored OIDC login in ziti-cli.json whose access token the cluster refuses is refreshed in memory; ' +
      'the file is untouched',
    async () => {
      const c = await start({ nodes: 3, auth: 'oidc', users });
      const tokens = await oidcTokens(c.url('ctrl1'));
      c.expireTokens(); // the stored access token is now refused; the refresh token still works
      const home = emptyDir();
      const file = writeZitiCli(home, c.url('ctrl1'), {
        type: 'oidc',
        oidcAccessToken: tokens.access,
        oidcRefreshToken: tokens.refresh,
      });
      const before = readFileSync(file, 'utf8');
      const { view, code } = await listJson([], [], { homeDir: home });
      expect(view.cluster.verdict).toBe('healthy');
      expect(code).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(c.authStats().refreshGrants).toBeGreaterThanOrEqual(1);
    },
  );

  it('an expired stored login without a refresh token names the ziti edge login to run', async () => {
    const c = await start({ nodes: 3, auth: 'oidc', users });
    const tokens = await oidcTokens(c.url('ctrl1'));
    c.expireTokens();
    const home = emptyDir();
    writeZitiCli(home, c.url('ctrl1'), { type: 'oidc', oidcAccessToken: tokens.access });
    const { view, code } = await listJson([], [], { homeDir: home });
    expect(code).toBe(3);
    const messages = view.controllers.flatMap((r) => r.flags.map((f) => f.message)).join('\n');
    expect(messages).toContain(`ziti edge login ${new URL(c.url('ctrl1')).origin} --cli-identity default`);
  });
});

describe('TLS', () => {
  const pki = testPki();
  const tls = (pair: { cert: string; key: string }) => ({
    tls: { key: pair.key, cert: pair.cert, ca: pki.ca.cert, requestCert: true },
  });

  it(
    'verified against --ca: healthy; without --ca the ' + 'unknown authority is named and the verdict is unknown',
    async () => {
      const c = await start({ nodes: 3 }, tls(pki.server));
      expect((await listJson([c.url('ctrl1')], ['--ca', pki.ca.certPath])).view.cluster.verdict).toBe('healthy');
      const { view, code } = await listJson([c.url('ctrl1')]);
      expect(code).toBe(3);
      expect(view.controllers[0]!.error).toMatch(
        /TLS failed at https:\/\/127.0.0.1:\d+: certificate signed by an unknown authority; give the CA with --ca/,
      );
    },
  );

  it(
    "a PKI like a real cluster's (RSA-4096, each node's certificate served with the intermediate, --ca the " +
      "root): healthy, and the fingerprints are the served certificates'",
    async () => {
      const real = controllerPki();
      const c = await start({ nodes: 3, auth: 'oidc', users }, { tls: real.simTls() });
      const { view, stderr } = await listJson(
        [c.url('ctrl1')],
        ['--ca', real.root.certPath, '-u', 'admin', '--password-stdin'],
        { stdin: `${PASSWORD}\n` },
      );
      expect(stderr).toBe('');
      expect(view.cluster.verdict).toBe('healthy');
      const served = (id: string) =>
        createHash('sha1')
          .update(new X509Certificate(real.controller(id).cert).raw)
          .digest('hex');
      expect(view.controllers.map((r) => [r.id, r.fingerprint])).toEqual(
        ['ctrl1', 'ctrl2', 'ctrl3'].map((id) => [id, served(id)]),
      );
    },
  );

  it.each([
    ['expired', /certificate has expired \(CERT_HAS_EXPIRED\)/],
    ['wrongHost', /certificate is not valid for this host name \(ERR_TLS_CERT_ALTNAME_INVALID\)/],
  ] as const)('a %s server certificate is named as such', async (which, message) => {
    const c = await start({ nodes: 3 }, tls(pki[which]));
    const { view } = await listJson([c.url('ctrl1')], ['--ca', pki.ca.certPath]);
    expect(view.controllers[0]!.error).toMatch(message);
  });

  it('plain HTTP spoken to an HTTPS port, and HTTPS to a plain HTTP port, are named', async () => {
    const secure = await start({ nodes: 3 }, tls(pki.server));
    const plainToTls = await listJson([secure.url('ctrl1').replace('https:', 'http:')]);
    expect(plainToTls.view.controllers[0]!.error).toMatch(/http:\/\/ to an HTTPS port\? try https:\/\//);
    const plain = await start({ nodes: 3 });
    const tlsToPlain = await listJson([plain.url('ctrl1').replace('http:', 'https:')]);
    expect(tlsToPlain.view.controllers[0]!.error).toMatch(
      /not a TLS server \(https:\/\/ to a plain HTTP port\? try http:\/\/\)/,
    );
  });

  it('--insecure connects without verification and warns on stderr', async () => {
    const c = await start({ nodes: 3 }, tls(pki.selfSigned));
    const { view, stderr } = await listJson([c.url('ctrl1')], ['--insecure']);
    expect(view.cluster.verdict).toBe('healthy');
    expect(stderr).toMatch(/--insecure: TLS certificates are NOT verified/);
  });

  it('certificate login (mutual TLS) with --cert/--key', async () => {
    const c = await start({ nodes: 3, auth: 'cert', users }, tls(pki.server));
    const { view } = await listJson(
      [c.url('ctrl1')],
      ['--ca', pki.ca.certPath, '--cert', pki.client.certPath, '--key', pki.client.keyPath],
    );
    expect(view.cluster.verdict).toBe('healthy');
  });

  it('an unreadable CA file and a certificate without its key are usage errors (exit 64)', async () => {
    const missing = await runCli(['list', 'controllers', '-c', 'h:1', '--ca', '/nonexistent/ca.pem']);
    expect(missing).toMatchObject({ code: 64, stdout: '' });
    expect(missing.stderr).toMatch(/cannot read the CA bundle \(--ca\) '\/nonexistent\/ca.pem' \(ENOENT\)/);
    const noKey = await runCli(['list', 'controllers', '-c', 'h:1', '--cert', pki.client.certPath]);
    expect(noKey.stderr).toMatch(/--cert needs --key/);
    expect(noKey.code).toBe(64);
  });
});

describe('secrets never leak', () => {
  it('password and token appear in no output format, error or warning', async () => {
    const c = await start({ nodes: 3, auth: 'oidc', users });
    await c.kill('ctrl3');
    const outputs: string[] = [];
    for (const format of ['json', 'table', 'plain']) {
      const r = await runCli(
        ['list', 'controllers', '-c', c.url('ctrl1'), '-o', format, '-u', 'admin', '-p', PASSWORD],
        { tty: format === 'table' },
      );
      outputs.push(r.stdout, r.stderr);
    }
    const wrong = await runCli(['list', 'controllers', '-c', c.url('ctrl1'), '--json', '--token', 'tok-SECRET-123']);
    const shown = await runCli([
      'config',
      'show',
      '-c',
      c.url('ctrl1'),
      '-u',
      'admin',
      '-p',
      PASSWORD,
      '--token',
      'tok-SECRET-123',
    ]);
    outputs.push(wrong.stdout, wrong.stderr, shown.stdout, shown.stderr);
    for (const text of outputs) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('tok-SECRET-123');
    }
    expect(outputs.join('')).toMatch(/-p\/--password shows the password in process lists/);
  });
});

function expiredJwt(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = part({ alg: 'HS256', typ: 'JWT' });
  const payload = part({ sub: 'admin', iat: now - 5400, exp: now - 3600 });
  return `${header}.${payload}.c2lnbmF0dXJl`;
}

function writeZitiCli(home: string, url: string, apiSession: object): string {
  const dir = join(home, '.config', 'ziti');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ziti-cli.json');
  const identity = {
    url: `${new URL(url).origin}/edge/management/v1`,
    username: 'admin',
    token: '',
    loginTime: new Date().toISOString(),
    readOnly: false,
    apiSession,
  };
  writeFileSync(file, JSON.stringify({ edgeIdentities: { default: identity }, default: 'default', layout: 0 }), {
    mode: 0o600,
  });
  return file;
}

/** Logs in with our own OIDC client, as `ziti edge login` would have done earlier. */
async function oidcTokens(url: string): Promise<{ access: string; refresh: string }> {
  const { startDeadline } = await import('../../src/client/deadline.js');
  const { createHttpClient } = await import('../../src/client/http-client.js');
  const { oidcLogin } = await import('../../src/client/auth/oidc-login.js');
  const deadline = startDeadline(5000);
  const client = createHttpClient({ deadline });
  try {
    const result = await oidcLogin(client, new URL(url).origin, { username: 'admin', password: PASSWORD });
    if (!result.ok) throw new Error(result.failure.message);
    return { access: result.session.header[1].replace('Bearer ', ''), refresh: result.session.refreshToken! };
  } finally {
    deadline.dispose();
    await client.close();
  }
}
