// The planner between the settings and the run: list, watch and serve get their checks, warnings
// and credentials decision from one place, and planning reads nothing (no stdin, no prompt).
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings } from '../../src/config/resolve.js';
import { UsageError } from '../../src/errors.js';
import type { RunFlags } from '../../src/run/flags.js';
import { noTargetHelp, planRun, type RunPlan } from '../../src/run/plan.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'ziti-status-plan-'));

async function plan(flags: Partial<RunFlags> & Pick<RunFlags, 'command'>, tty = false): Promise<RunPlan> {
  const full = {
    controller: [],
    ...(flags.command === 'serve' ? { listen: '127.0.0.1:0', targets: [] } : {}),
    ...flags,
  } as RunFlags;
  const settings = await resolveSettings(full, {
    env: {},
    cwd: emptyDir(),
    homeDir: emptyDir(),
    platform: 'linux',
    stdoutIsTTY: tty,
  });
  return planRun({ ...settings, tls: { insecure: settings.insecure.value }, stdoutIsTTY: tty }, full);
}

describe('planRun', () => {
  it.each(['list', 'serve'] as const)('%s --insecure carries the one --insecure warning', async (command) => {
    const planned = await plan({ command, controller: ['h:1'], insecure: true });
    expect(planned.warnings).toEqual([
      '--insecure: TLS certificates are NOT verified; anyone on the path can impersonate a controller',
    ]);
  });

  it('--demo refuses the login and TLS flags it would leave unused, naming each', async () => {
    const planning = plan({ command: 'list', demo: true, username: 'admin', passwordStdin: true, insecure: true });
    await expect(planning).rejects.toThrow(UsageError);
    await expect(planning).rejects.toThrow(
      /^--demo's simulated cluster needs no login and no TLS: drop --username, --password-stdin, --insecure, or drop --demo/,
    );
    await expect(plan({ command: 'list', demo: true })).resolves.toMatchObject({ demo: true });
  });

  it("serve --cluster-name with the config file's clusters: refused (each names itself), kept for given targets", async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'ziti-status.yaml'), 'clusters:\n  - name: prod\n    controllers: [h:1]\n');
    const full = {
      command: 'serve',
      controller: [],
      listen: '127.0.0.1:0',
      targets: [],
      clusterName: 'edge',
    } as RunFlags;
    const context = { env: {}, cwd, homeDir: emptyDir(), platform: 'linux' as const, stdoutIsTTY: false };
    const settings = await resolveSettings(full, context);
    expect(() => planRun({ ...settings, tls: {}, stdoutIsTTY: false }, full)).toThrow(
      /--cluster-name names the targets given on the command line; the clusters: in .*ziti-status\.yaml name themselves/,
    );
    const given = await plan({ command: 'serve', controller: ['h:1'], clusterName: 'edge' });
    expect(given.clusters).toEqual([{ name: 'edge', origins: ['https://h:1'] }]);
  });

  it('decides the credentials without reading them: --password-stdin is a source, not a value', async () => {
    const planned = await plan({ command: 'list', controller: ['h:1'], username: 'admin', passwordStdin: true });
    expect(planned.credentials).toEqual({
      kind: 'password',
      username: 'admin',
      password: { kind: 'stdin' },
      method: 'auto',
    });
  });

  it('a login on the command line beats a token from the environment or the config file (flags > env > config)', async () => {
    const cwd = emptyDir();
    const context = { cwd, homeDir: emptyDir(), platform: 'linux' as const, stdoutIsTTY: false };
    const planWith = async (flags: Partial<RunFlags>, env: Record<string, string>) => {
      const full = { command: 'list', controller: ['h:1'], ...flags } as RunFlags;
      const settings = await resolveSettings(full, { ...context, env });
      return planRun({ ...settings, tls: {}, stdoutIsTTY: false }, full);
    };
    const env = { ZITI_STATUS_TOKEN: 'tok-env-1' };
    const flagLogin = await planWith({ username: 'admin', passwordStdin: true }, env);
    expect(flagLogin.credentials).toMatchObject({ kind: 'password', username: 'admin', password: { kind: 'stdin' } });
    // The same level: the token, as before.
    const envBoth = await planWith({}, { ...env, ZITI_STATUS_USERNAME: 'admin', ZITI_STATUS_PASSWORD: 'pw-env-12' });
    expect(envBoth.credentials).toMatchObject({ kind: 'token' });
    // And the token alone is used as it is.
    expect((await planWith({}, env)).credentials).toMatchObject({ kind: 'token' });
  });

  it('a username without a password plans a prompt; -p plans its value with a warning', async () => {
    const prompt = await plan({ command: 'list', controller: ['h:1'], username: 'admin' });
    expect(prompt.credentials).toMatchObject({
      kind: 'password',
      password: { kind: 'prompt', question: 'Password for admin: ' },
    });
    const flag = await plan({ command: 'list', controller: ['h:1'], username: 'admin', password: 'pw-flag-1234' });
    expect(flag.warnings).toEqual([expect.stringMatching(/^-p\/--password shows the password in process lists/)]);
    expect(JSON.stringify(flag)).not.toContain('pw-flag-1234');
  });

  it('watch and serve share the interval rules: at least 250ms, stale after three intervals', async () => {
    const watch = await plan({ command: 'list', controller: ['h:1'], watch: '2s' });
    expect(watch).toMatchObject({
      mode: 'watch',
      loop: { intervalMs: 2000, staleAfterMs: 6000, dynamicTimeout: true },
    });
    const serve = await plan({ command: 'serve', controller: ['h:1'], interval: '2s' });
    expect(serve).toMatchObject({ mode: 'serve', loop: { intervalMs: 2000, staleAfterMs: 6000 } });
    await expect(plan({ command: 'list', controller: ['h:1'], watch: '249ms' })).rejects.toThrow(
      /--watch: 249ms is too short; the interval is at least 250ms/,
    );
    await expect(plan({ command: 'serve', controller: ['h:1'], interval: '249ms' })).rejects.toThrow(
      /--interval: 249ms is too short; the interval is at least 250ms/,
    );
  });

  it('no targets: each command names its own last way to a cluster after the shared ones', async () => {
    await expect(plan({ command: 'list' })).rejects.toThrow(new UsageError(noTargetHelp('list')));
    await expect(plan({ command: 'serve' })).rejects.toThrow(new UsageError(noTargetHelp('serve')));
    const [list, serve] = [noTargetHelp('list').split('\n'), noTargetHelp('serve').split('\n')];
    expect(list.slice(0, -1)).toEqual(serve.slice(0, -1));
    expect(list.at(-1)).toBe('or try --demo for a simulated cluster');
    expect(serve.at(-1)).toBe('or list clusters: [{name, controllers}] in the config file');
  });

  it('the format nobody named suits the run; a named one is kept for the printer to honour or refuse', async () => {
    const format = async (flags: Partial<RunFlags>, tty = false) =>
      (await plan({ command: 'list', controller: ['h:1'], ...flags } as RunFlags, tty)).output?.format;
    expect([
      await format({}),
      await format({}, true),
      await format({ watch: true }),
      await format({ watch: true }, true),
      await format({ watch: true, events: true }, true),
    ]).toEqual(['plain', 'table', 'ndjson', 'table', 'ndjson']);
    expect(await format({ watch: true, output: 'plain' })).toBe('plain');
    expect((await plan({ command: 'serve', controller: ['h:1'] })).output).toBeNull();
  });

  it('a single run has no loop, and --demo plans no credentials and no targets of its own', async () => {
    expect(await plan({ command: 'list', controller: ['h:1'] })).toMatchObject({
      mode: 'once',
      loop: null,
      clusters: [{ name: 'default', origins: ['https://h:1'] }],
    });
    expect(await plan({ command: 'list', demo: true })).toMatchObject({
      mode: 'once',
      demo: true,
      credentials: { kind: 'none' },
      clusters: [{ origins: [] }],
    });
  });
});
