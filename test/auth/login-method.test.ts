// --login-method (env ZITI_STATUS_LOGIN_METHOD, config login_method): auto picks OIDC where /version
// lists OIDC_AUTH, oidc and legacy force one login. What the controllers saw proves which one ran.
import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Authenticator } from '../../src/client/auth/authenticator.js';
import { startDeadline } from '../../src/client/deadline.js';
import { createHttpClient } from '../../src/client/http-client.js';
import { Secret } from '../../src/secret.js';
import type { SimCluster } from '../../src/sim/index.js';
import { emptyDir, listJson, runCli } from '../helpers/cli.js';
import { testPki } from '../helpers/pki.js';
import { useSimCluster } from '../helpers/sim-cluster.js';

const start = useSimCluster();
const PASSWORD = 'S3cret-Passw0rd-XYZ';
const users = [{ username: 'admin', password: PASSWORD, admin: true }];
const IDS = ['ctrl1', 'ctrl2', 'ctrl3'];
const AUTHENTICATE = '/edge/management/v1/authenticate';
const login = ['-u', 'admin', '--password-stdin'];

/** Which login endpoints the cluster was asked for, over every controller. */
function loginsSeen(c: SimCluster): { legacy: number; oidc: number } {
  const log = IDS.flatMap((id) => c.requestLog(id));
  return {
    legacy: log.filter((e) => e.method === 'POST' && e.path === AUTHENTICATE).length,
    oidc: log.filter((e) => e.path.startsWith('/oidc/')).length,
  };
}

/** Every controller's /version fails: the capabilities are unknown, so auto falls back to legacy. */
const versionUnreadable = IDS.map((id) => ({
  id,
  preferredLeader: id === 'ctrl1',
  faults: { responses: { version: 503 as const } },
}));

describe('password logins', () => {
  it('auto (the default) on an OIDC-capable cluster logs in with OIDC, never /authenticate', async () => {
    const c = await start({ nodes: 3, auth: 'oidc', users });
    const { code, view, stderr } = await listJson([c.url('ctrl1')], login, { stdin: PASSWORD });
    expect({ code, verdict: view.cluster.verdict, stderr }).toEqual({ code: 0, verdict: 'healthy', stderr: '' });
    expect(c.authStats()).toMatchObject({ codeGrants: 1 });
    expect(loginsSeen(c).legacy).toBe(0);
  });

  it('legacy forced on an OIDC-capable cluster logs in through /authenticate: no /oidc request at all', async () => {
    const c = await start({ nodes: 3, auth: 'oidc', users, sharedSessions: true });
    const { code, view, stderr } = await listJson([c.url('ctrl1')], [...login, '--login-method', 'legacy'], {
      stdin: PASSWORD,
    });
    expect({ code, verdict: view.cluster.verdict, stderr }).toEqual({ code: 0, verdict: 'healthy', stderr: '' });
    expect(loginsSeen(c)).toEqual({ legacy: 1, oidc: 0 });
    expect(c.authStats()).toMatchObject({ logins: 1, codeGrants: 0 });
  });

  it('legacy from ZITI_STATUS_LOGIN_METHOD and from login_method in the config file; the flag beats both', async () => {
    const fromEnv = await start({ nodes: 3, auth: 'oidc', users, sharedSessions: true });
    await listJson([fromEnv.url('ctrl1')], login, { stdin: PASSWORD, env: { ZITI_STATUS_LOGIN_METHOD: 'legacy' } });
    expect(loginsSeen(fromEnv)).toEqual({ legacy: 1, oidc: 0 });

    const cwd = emptyDir();
    writeFileSync(join(cwd, 'ziti-status.yaml'), 'login_method: legacy\n');
    const fromFile = await start({ nodes: 3, auth: 'oidc', users, sharedSessions: true });
    await listJson([fromFile.url('ctrl1')], login, { stdin: PASSWORD, cwd });
    expect(loginsSeen(fromFile)).toEqual({ legacy: 1, oidc: 0 });

    const flagWins = await start({ nodes: 3, auth: 'oidc', users });
    await listJson([flagWins.url('ctrl1')], [...login, '--login-method', 'auto'], {
      stdin: PASSWORD,
      cwd,
      env: { ZITI_STATUS_LOGIN_METHOD: 'legacy' },
    });
    expect(loginsSeen(flagWins).legacy).toBe(0);
    expect(flagWins.authStats().codeGrants).toBe(1);
  });

  it(
    'oidc forced logs in with OIDC even when the capabilities ' + 'do not say OIDC_AUTH; auto there uses legacy',
    async () => {
      const forced = await start({ controllers: versionUnreadable, auth: 'oidc', users });
      const { view } = await listJson([forced.url('ctrl1')], [...login, '--login-method', 'oidc'], { stdin: PASSWORD });
      expect(view.controllers.every((r) => !r.flags.some((f) => f.code === 'auth'))).toBe(true);
      expect(loginsSeen(forced).legacy).toBe(0);
      expect(forced.authStats().codeGrants).toBe(1);

      const auto = await start({ controllers: versionUnreadable, auth: 'oidc', users, sharedSessions: true });
      await listJson([auto.url('ctrl1')], login, { stdin: PASSWORD });
      expect(loginsSeen(auto)).toEqual({ legacy: 1, oidc: 0 });
    },
  );

  it(
    'oidc forced on a controller without OIDC: the login fails naming the forced method, never showing the ' +
      'password',
    async () => {
      const c = await start({ nodes: 3, auth: 'legacy', users });
      const { code, view, stdout, stderr } = await listJson([c.url('ctrl1')], [...login, '--login-method', 'oidc'], {
        stdin: PASSWORD,
      });
      // A login endpoint that is not there is a bad answer (as any non-401 login failure is), not a refusal.
      expect(code).not.toBe(0);
      expect(loginsSeen(c).legacy).toBe(0);
      const messages = view.controllers.flatMap((r) => [r.error ?? '', ...r.flags.map((f) => f.message)]).join('\n');
      expect(messages).toMatch(
        /HTTP 404 on \/oidc\/authorize \(login method 'oidc' was forced; 'auto' picks what the controller offers\)/,
      );
      expect(stdout + stderr).not.toContain(PASSWORD);
    },
  );

  it('a wrong password with legacy forced: refused (exit 3), the password in no output', async () => {
    const c = await start({ nodes: 3, auth: 'oidc', users });
    const outputs: string[] = [];
    for (const format of ['json', 'table', 'plain']) {
      const r = await runCli(
        [
          'list',
          'controllers',
          '-c',
          c.url('ctrl1'),
          '-o',
          format,
          '-u',
          'admin',
          '--password-stdin',
          '--login-method',
          'legacy',
        ],
        { stdin: 'Wrong-Passw0rd-ABC' },
      );
      expect(r.code).toBe(3);
      outputs.push(r.stdout, r.stderr);
    }
    expect(outputs.join('\n')).not.toContain('Wrong-Passw0rd-ABC');
    expect(loginsSeen(c).oidc).toBe(0);
  });
});

describe('certificate logins', () => {
  const pki = testPki();
  const tls = { tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert, requestCert: true } };
  const certFlags = ['--ca', pki.ca.certPath, '--cert', pki.client.certPath, '--key', pki.client.keyPath];

  it('legacy forced: authenticate?method=cert on an OIDC-capable cluster; auto: the OIDC cert login', async () => {
    const legacy = await start({ nodes: 3, auth: 'oidc', users, sharedSessions: true }, tls);
    expect(
      (await listJson([legacy.url('ctrl1')], [...certFlags, '--login-method', 'legacy'])).view.cluster.verdict,
    ).toBe('healthy');
    expect(loginsSeen(legacy)).toEqual({ legacy: 1, oidc: 0 });

    const auto = await start({ nodes: 3, auth: 'oidc', users }, tls);
    expect((await listJson([auto.url('ctrl1')], certFlags)).view.cluster.verdict).toBe('healthy');
    expect(loginsSeen(auto).legacy).toBe(0);
    expect(auto.authStats().codeGrants).toBe(1);
  });
});

describe('tokens and stored sessions have no login to choose', () => {
  it(
    '--login-method with --token: the token is used as it is, with a warning; from the environment, ' + 'silently',
    async () => {
      const c = await start({ nodes: 3, auth: 'legacy', users, sharedSessions: true });
      const res = await fetch(`${c.url('ctrl1')}${AUTHENTICATE}?method=password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
      });
      const token = res.headers.get('zt-session')!;
      const flagged = await listJson([c.url('ctrl1')], ['--token', token, '--login-method', 'oidc']);
      expect(flagged.view.cluster.verdict).toBe('healthy');
      expect(flagged.stderr).toBe(
        'ziti-status: warning: --login-method oidc applies to password and certificate logins; this run ' +
          'uses a ready token as it is\n',
      );
      const fromEnv = await listJson([c.url('ctrl1')], ['--token', token], {
        env: { ZITI_STATUS_LOGIN_METHOD: 'oidc' },
      });
      expect(fromEnv.stderr).toBe('');
      expect(flagged.stdout + flagged.stderr).not.toContain(token);
      expect(c.loginCount()).toBe(1); // only the test's own login above
    },
  );
});

describe('the setting itself', () => {
  it('config show names the method and where it came from', async () => {
    const shown = (args: string[], env: Record<string, string> = {}) =>
      runCli(['config', 'show', '-c', 'ctrl1.example:1280', ...args], { env });
    expect((await shown([])).stdout).toMatch(/^login-method\tauto\tdefault$/m);
    expect((await shown([], { ZITI_STATUS_LOGIN_METHOD: 'legacy' })).stdout).toMatch(
      /^login-method\tlegacy\tenv ZITI_STATUS_LOGIN_METHOD$/m,
    );
    expect((await shown(['--login-method', 'oidc'], { ZITI_STATUS_LOGIN_METHOD: 'legacy' })).stdout).toMatch(
      /^login-method\toidc\tflag --login-method$/m,
    );
  });

  it('--help of every command that logs in lists it', async () => {
    for (const command of [['list', 'controllers'], ['serve'], ['config', 'show']]) {
      const help = await runCli([...command, '--help']);
      expect(help.stdout).toMatch(/--login-method <method>/);
      expect(help.stdout).toMatch(/\(choices:\s+"auto",\s+"oidc",\s+"legacy"\)/);
    }
  });

  it('a forced method does not wait for the capabilities', async () => {
    const c = await start({ nodes: 1, auth: 'oidc', users });
    const deadline = startDeadline(3000);
    const client = createHttpClient({ deadline });
    try {
      const never = new Promise<readonly string[] | null>(() => undefined);
      const auth = new Authenticator(
        { kind: 'password', username: 'admin', password: new Secret(PASSWORD, 'test'), method: 'legacy' },
        () => new Date(),
      );
      const result = await auth.session(client, new URL(c.url('ctrl1')).origin, never);
      expect(result?.ok).toBe(true);
      expect(result?.ok && result.session.header[0]).toBe('zt-session');
    } finally {
      deadline.dispose();
      await client.close();
    }
  });
});
