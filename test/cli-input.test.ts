// Every kind of bad command-line or configuration input gives one clear line on
// stderr (what is wrong and how to fix it), exit 64, and nothing on stdout.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyDir, runCli, type CliOptions } from './helpers/cli.js';

function withFile(name: string, content: string): string {
  const dir = emptyDir();
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), content);
  return dir;
}

const zitiHome = (json: string) => withFile('.config/ziti/ziti-cli.json', json);
const target = ['-c', 'ctrl1.example:1280'];

const cases: [string, string[], CliOptions, RegExp][] = [
  ['unknown flag', ['list', 'controllers', '--frobnicate'], {}, /unknown option '--frobnicate'/],
  ['unknown output format', ['list', 'controllers', ...target, '-o', 'xml'], {}, /argument 'xml' is invalid/],
  ['malformed URL', ['list', 'controllers', '-c', 'https://'], {}, /not a valid URL|has no host/],
  ['unsupported scheme', ['list', 'controllers', '-c', 'tls://ctrl1.example:6262'], {}, /unsupported scheme 'tls'/],
  [
    'bad duration',
    ['list', 'controllers', ...target, '--timeout', '2 seconds'],
    {},
    /--timeout: '2 seconds' is not a duration; use seconds \(5\) or a unit/,
  ],
  ['zero timeout', ['list', 'controllers', ...target, '--timeout', '0s'], {}, /--timeout: must be greater than zero/],
  ['zero interval', ['list', 'controllers', ...target, '--watch', '0'], {}, /--watch: must be greater than zero/],
  ['negative interval', ['list', 'controllers', ...target, '--watch=-1s'], {}, /--watch: '-1s' is not a duration/],
  [
    'conflicting flags',
    ['list', 'controllers', ...target, '--json', '-o', 'table'],
    {},
    /--json conflicts with --output table; give one of them/,
  ],
  [
    'unknown login method',
    ['list', 'controllers', ...target, '--login-method', 'saml'],
    {},
    /argument 'saml' is invalid\. Allowed choices are auto, oidc, legacy/,
  ],
  [
    'unknown login method in the environment',
    ['list', 'controllers', ...target],
    { env: { ZITI_STATUS_LOGIN_METHOD: 'password' } },
    /ZITI_STATUS_LOGIN_METHOD: 'password' is not one of auto, oidc, legacy/,
  ],
  [
    'unknown login method in the config file',
    ['list', 'controllers', ...target],
    { cwd: withFile('ziti-status.yaml', 'username: admin\nlogin_method: OIDC\n') },
    /ziti-status.yaml:2: login_method: 'OIDC' is not one of auto, oidc, legacy/,
  ],
  [
    'conflicting password sources',
    ['list', 'controllers', ...target, '-u', 'a', '-p', 'x', '--password-stdin'],
    {},
    /-p\/--password and --password-stdin conflict/,
  ],
  [
    'missing config file',
    ['list', 'controllers', '--config', '/nonexistent/zs.yaml'],
    {},
    /--config: \/nonexistent\/zs.yaml does not exist/,
  ],
  [
    'unreadable config file (a directory)',
    ['list', 'controllers'],
    { cwd: withFile('ziti-status.yaml/x', '') },
    /ziti-status.yaml is a directory/,
  ],
  [
    'malformed YAML, file line and key',
    ['list', 'controllers'],
    { cwd: withFile('ziti-status.yaml', 'output: json\nfail_on: [never\n') },
    /ziti-status.yaml:\d+: /,
  ],
  [
    'unknown config key',
    ['list', 'controllers'],
    { cwd: withFile('ziti-status.yaml', 'discover: true\ncolour: always\n') },
    /ziti-status.yaml:2: unknown key 'colour'/,
  ],
  ['malformed ziti-cli.json', ['list', 'controllers'], { homeDir: zitiHome('{"edgeIdentities": {') }, /ziti-cli.json/],
  ['missing ziti-cli.json for -i', ['list', 'controllers', '-i', 'prod'], {}, /ziti-cli.json/],
  [
    'unknown identity',
    ['list', 'controllers', '-i', 'prod'],
    { homeDir: zitiHome('{"edgeIdentities": {"default": {"url": "https://c.example:1280"}}, "default": "default"}') },
    /prod/,
  ],
  [
    'unreadable CA file',
    ['list', 'controllers', ...target, '--ca', '/nonexistent/ca.pem'],
    {},
    /cannot read the CA bundle \(--ca\) '\/nonexistent\/ca.pem' \(ENOENT\); check the path/,
  ],
  [
    'certificate without key',
    ['list', 'controllers', ...target, '--cert', '/nonexistent/c.pem'],
    {},
    /--cert needs --key/,
  ],
  [
    'empty target list',
    ['list', 'controllers', '-c', ''],
    {},
    /empty controller address; give a URL such as https:\/\/ctrl1.example:1280/,
  ],
  [
    'empty target list in the environment',
    ['list', 'controllers'],
    { env: { ZITI_STATUS_CONTROLLERS: ' , ' } },
    /ZITI_STATUS_CONTROLLERS: empty controller address/,
  ],
];

describe('bad input: one line on stderr, exit 64, nothing on stdout', () => {
  it.each(cases)('%s', async (_name, args, options, message) => {
    const result = await runCli(args, options);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(message);
    // commander may add one "(Did you mean ...?)" line after its own; nothing else.
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('(Did you mean')),
    ).toHaveLength(1);
  });
});
