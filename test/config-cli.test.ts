// Settings from files and the environment, as the CLI resolves and shows them.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyDir, listJson, runCli } from './helpers/cli.js';
import { useSimCluster } from './helpers/sim-cluster.js';

const start = useSimCluster();

function dirWithConfig(yaml: string): string {
  const dir = emptyDir();
  writeFileSync(join(dir, 'ziti-status.yaml'), yaml);
  return dir;
}

describe('config file', () => {
  it('./ziti-status.yaml names the controllers and the output; flags still win', async () => {
    const c = await start({ nodes: 3 });
    const cwd = dirWithConfig(
      `controllers: [${c.url('ctrl1')}]\noutput: json\ncontroller:\n  heartbeat:\n    base_timeout: 3s\n`,
    );
    const fromFile = await runCli(['list', 'controllers'], { cwd });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout).controllers).toHaveLength(3);
    const shown = await runCli(['config', 'show', '--timeout', '1s'], { cwd });
    expect(shown.stdout).toMatch(
      new RegExp(`^controllers\\t${c.url('ctrl1')}\\tconfig ${join(cwd, 'ziti-status.yaml')}$`, 'm'),
    );
    expect(shown.stdout).toMatch(/^timeout\t1000ms\tflag --timeout$/m);
    expect(shown.stdout).toMatch(/^output\tjson\tconfig /m);
  });

  it('environment beats the config file; the secret behind password_env is shown masked with its source', async () => {
    const cwd = dirWithConfig('controllers: [ctrl-file.example:1280]\nusername: admin\npassword_env: MY_ZITI_PW\n');
    const shown = await runCli(['config', 'show'], {
      cwd,
      env: { ZITI_STATUS_CONTROLLERS: 'ctrl-env.example:1280', MY_ZITI_PW: 'pw-in-env-1234' },
    });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^controllers\thttps:\/\/ctrl-env.example:1280\tenv ZITI_STATUS_CONTROLLERS$/m);
    expect(shown.stdout).toMatch(/^password\t\*\*\*\tconfig password_env MY_ZITI_PW$/m);
    expect(shown.stdout).not.toContain('pw-in-env-1234');
  });

  it.each([
    ['malformed YAML', 'controllers: [a.example:1\n', /ziti-status.yaml:\d+: /],
    [
      'a bad duration, naming the line and key',
      'discover: true\ncontroller:\n  heartbeat:\n    base_timeout: soon\n',
      /ziti-status.yaml:4: controller.heartbeat.base_timeout: 'soon' is not a duration/,
    ],
    [
      'an unknown key',
      'controllerss: [a.example:1]\n',
      /ziti-status.yaml:1: unknown key 'controllerss' \(did you mean 'controllers'\?\)/,
    ],
    ['insecure, which is never taken from a file', 'insecure: true\n', /ziti-status.yaml:1: unknown key 'insecure'/],
    ['an inline password, without echoing it', 'password: hunter2-inline\n', /secrets are not accepted inline/],
  ])('%s: exit 64, one message, nothing on stdout', async (_name, yaml, message) => {
    const result = await runCli(['list', 'controllers'], { cwd: dirWithConfig(yaml) });
    expect(result).toMatchObject({ code: 64, stdout: '' });
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('hunter2-inline');
  });

  it('config show --json escapes bidi and control characters from the file, as every JSON output does', async () => {
    const dir = dirWithConfig('controllers: [ctrl1.example:1280]\nusername: "adm\u202ein\u001b[2J"\n');
    const shown = await runCli(['config', 'show', '--json'], { cwd: dir });
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toMatch(/[\u202e\u001b]/);
    expect(shown.stdout).toContain('adm\\u202ein\\u001b[2J');
    expect(JSON.parse(shown.stdout).username.value).toBe('adm\u202ein\u001b[2J');
  });

  it('--config naming a missing file is a usage error', async () => {
    const result = await runCli(['list', 'controllers', '--config', '/nonexistent/zs.yaml']);
    expect(result).toMatchObject({ code: 64, stdout: '' });
    expect(result.stderr).toContain('/nonexistent/zs.yaml');
  });
});

describe('ziti-cli.json', () => {
  function homeWithZitiCli(url: string): string {
    const home = emptyDir();
    mkdirSync(join(home, '.config', 'ziti'), { recursive: true });
    const identity = { url: `${url}/edge/management/v1`, username: 'admin', token: '', readOnly: false };
    writeFileSync(
      join(home, '.config', 'ziti', 'ziti-cli.json'),
      JSON.stringify({ edgeIdentities: { default: identity }, default: 'default' }),
    );
    return home;
  }

  it('with no targets given, the stored identity names the cluster', async () => {
    const c = await start({ nodes: 3 });
    const { view } = await listJson([], [], { homeDir: homeWithZitiCli(c.url('ctrl2')) });
    expect(view.controllers.map((r) => r.id)).toEqual(['ctrl1', 'ctrl2', 'ctrl3']);
  });

  it('an unknown -i identity lists the ones there are, exit 64', async () => {
    const result = await runCli(['list', 'controllers', '-i', 'prod'], {
      homeDir: homeWithZitiCli('https://ctrl1.example:1280'),
    });
    expect(result).toMatchObject({ code: 64, stdout: '' });
    expect(result.stderr).toMatch(/prod/);
    expect(result.stderr).toMatch(/default/);
  });

  it('targets given elsewhere keep the stored login out of it', async () => {
    const home = homeWithZitiCli('https://ctrl-stored.example:1280');
    const shown = await runCli(['config', 'show', '-c', 'ctrl-flag.example:1280'], { homeDir: home });
    expect(shown.stdout).toMatch(/^controllers\thttps:\/\/ctrl-flag.example:1280\tflag --controller$/m);
    expect(shown.stdout).toMatch(/^username\t\(none\)\tdefault$/m);
  });
});
