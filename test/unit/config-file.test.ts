// The YAML config file: search order, every validation error (file, line, key, no secret), secret references, Secret
// masking.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { loadConfigFile, readSecretRef } from '../../src/config/config-file.js';
import { parseConfigText } from '../../src/config/config-parse.js';
import { Secret } from '../../src/secret.js';
import { UsageError } from '../../src/errors.js';

const FILE = '/etc/zs/ziti-status.yaml';
const SECRET = 'hunter2-s3cret';

function errorOf(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

async function rejectionOf(promise: Promise<unknown>): Promise<UsageError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('parseConfigText: happy paths', () => {
  it('reads the full example, resolving relative paths against the config file directory', async () => {
    const text = await readFile(new URL('../fixtures/config/full.yaml', import.meta.url), 'utf8');
    expect(parseConfigText(text, FILE)).toEqual({
      controllers: ['https://ctrl1.example:1280', 'https://ctrl2.example:1280'],
      discover: true,
      timeoutMs: 2000,
      dynamicTimeout: true,
      intervalMs: 5000,
      ca: '/etc/zs/ca.pem',
      cert: '/etc/zs/client.pem',
      key: '/etc/ziti/client.key',
      identity: 'default',
      username: 'admin',
      loginMethod: 'auto',
      passwordRef: { env: 'ZITI_PW' },
      tokenRef: { file: '/etc/zs/secrets/token' },
      output: 'table',
      failOn: 'degraded',
    });
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing yet\n'],
    ['an explicit null', '~\n'],
    ['an empty section', 'tls:\n  # ca: ./ca.pem\n'],
  ])('%s sets nothing', (_, text) => {
    const settings = parseConfigText(text, FILE);
    expect(settings).toEqual({});
    expect(Object.keys(settings)).toEqual([]);
  });

  it('sets only the keys the file has', () => {
    expect(Object.keys(parseConfigText('discover: false\n', FILE))).toEqual(['discover']);
  });

  it('takes a single controller string, a block list, and drops duplicates', () => {
    expect(parseConfigText('controllers: ctrl1.example:1280\n', FILE).controllers).toEqual([
      'https://ctrl1.example:1280',
    ]);
    expect(
      parseConfigText(
        'controllers:\n  - ctrl1.example:1280\n  - https://ctrl1.example:1280/x\n  - http://127.0.0.1:4100\n',
        FILE,
      ).controllers,
    ).toEqual(['https://ctrl1.example:1280', 'http://127.0.0.1:4100']);
  });

  it('reads a bare number as seconds, as ziti does', () => {
    expect(
      parseConfigText('controller:\n  heartbeat:\n    base_timeout: 5\n  state_sync_interval: 1.5\n', FILE),
    ).toEqual({ timeoutMs: 5000, intervalMs: 1500 });
  });

  it('takes password_file and resolves it against the config directory', () => {
    expect(parseConfigText('password_file: ../pw\n', FILE).passwordRef).toEqual({ file: '/etc/pw' });
  });

  it('follows YAML anchors and aliases', () => {
    expect(parseConfigText('username: &u admin\nidentity: *u\n', FILE)).toEqual({
      username: 'admin',
      identity: 'admin',
    });
  });
});

describe('parseConfigText: errors name the file, the line and the key', () => {
  it.each<[string, string, string[]]>([
    [
      'YAML syntax',
      'discover: true\ncontrollers: [ctrl1.example:1280\nusername: admin\n',
      [`${FILE}:`, 'invalid YAML', 'Flow sequence'],
    ],
    // The parser notices an unclosed quote where the text ends.
    ['unquoted-string syntax', 'username: "admin\n', [`${FILE}:2:`, 'invalid YAML', 'Missing closing']],
    ['more than one document', 'discover: true\n---\ndiscover: false\n', [`${FILE}:2:`, 'only one YAML document']],
    [
      'a typo of a sibling key',
      'discover: true\nidentity: x\ndiscovr: false\n',
      [`${FILE}:3:`, "unknown key 'discovr'", "(did you mean 'discover'?)"],
    ],
    [
      'a typo of a flag name',
      'discover: true\n\ntimeuot: 2s\n',
      [`${FILE}:3:`, "unknown key 'timeuot'", "did you mean 'controller.heartbeat.base_timeout'"],
    ],
    ['a key from another level', 'ca: ./ca.pem\n', [`${FILE}:1:`, "unknown key 'ca'", "did you mean 'tls.ca'"]],
    ['hyphen for underscore', 'fail-on: never\n', [`${FILE}:1:`, "unknown key 'fail-on'", "did you mean 'fail_on'"]],
    [
      'an unknown nested key',
      'controller:\n  heartbeat:\n    zzz: 1\n',
      [`${FILE}:3:`, "unknown key 'zzz' in controller.heartbeat", 'allowed here: base_timeout, dynamic_adjustment'],
    ],
    [
      'an unknown top-level key',
      'colour: red\n',
      [`${FILE}:1:`, "unknown key 'colour'", 'allowed here: controller, controllers, clusters, discover, tls'],
    ],
    [
      'a string for a boolean',
      'username: admin\ndiscover: yes\n',
      [`${FILE}:2:`, 'discover: expected true or false, not a string'],
    ],
    ['a scalar for a section', 'tls: ./ca.pem\n', [`${FILE}:1:`, 'tls: expected a mapping of settings, not a string']],
    [
      'a number for a string',
      'username: 42\n',
      [`${FILE}:1:`, 'username: expected a string, not a number (quote it if it is text)'],
    ],
    ['an empty string', "identity: ''\n", [`${FILE}:1:`, 'identity: must not be empty']],
    ['a missing value', 'username:\n', [`${FILE}:1:`, 'username: expected a string, not empty']],
    [
      'a list for a duration',
      'controller:\n  state_sync_interval: [1]\n',
      [`${FILE}:2:`, 'controller.state_sync_interval: expected a duration', 'not a list'],
    ],
    [
      'a bad duration',
      '# ziti-status\n\ndiscover: true\n\ncontroller:\n  heartbeat:\n    base_timeout: 2 seconds\n',
      [`${FILE}:7: controller.heartbeat.base_timeout: '2 seconds' is not a duration`],
    ],
    [
      'a zero duration',
      'controller:\n  state_sync_interval: 0\n',
      [`${FILE}:2: controller.state_sync_interval`, 'greater than zero'],
    ],
    [
      'a bad URL in a list',
      'controllers:\n  - ctrl1.example:1280\n  - ftp://ctrl2.example:21\n',
      [`${FILE}:3: controllers`, "unsupported scheme 'ftp'"],
    ],
    ['a host without a port', 'controllers: ctrl1.example\n', [`${FILE}:1: controllers`, 'not a controller address']],
    [
      'a number in the controller list',
      'controllers:\n  - a.example:1280\n  - 1280\n',
      [`${FILE}:3: controllers`, 'each address must be a string, not a number'],
    ],
    [
      'a mapping for the controller list',
      'controllers: { a: 1 }\n',
      [`${FILE}:1: controllers`, 'expected an address or a list of addresses, not a mapping'],
    ],
    ['an empty controller list', 'controllers: []\n', [`${FILE}:1: controllers`, 'the list is empty']],
    [
      'an unknown output',
      'output: tabel\n',
      [`${FILE}:1: output: 'tabel' is not one of table, wide, plain, csv, json, yaml`],
    ],
    ['an unknown fail_on', 'fail_on: warn\n', [`${FILE}:1: fail_on: 'warn' is not one of degraded, critical, never`]],
    [
      'an unknown login_method',
      'login_method: cert\n',
      [`${FILE}:1: login_method: 'cert' is not one of auto, oidc, legacy`],
    ],
    [
      'a hyphenated login-method',
      'login-method: legacy\n',
      [`${FILE}:1:`, "unknown key 'login-method'", "did you mean 'login_method'"],
    ],
    [
      'both password references',
      'password_env: ZITI_PW\nusername: a\npassword_file: /run/pw\n',
      [`${FILE}:3:`, 'password_env and password_file are both set'],
    ],
    [
      'a cert without a key',
      'tls:\n  ca: ca.pem\n  cert: client.pem\n',
      [`${FILE}:3:`, 'tls.cert is set without tls.key'],
    ],
    ['a key without a cert', 'tls:\n  key: client.key\n', [`${FILE}:2:`, 'tls.key is set without tls.cert']],
    ['a home-relative path', 'tls:\n  ca: ~/ca.pem\n', [`${FILE}:2: tls.ca`, "'~' is not expanded"]],
    ['a top-level list', '- ctrl1.example:1280\n', [`${FILE}:1:`, 'the top level must be a mapping', 'not a list']],
    ['a top-level string', '\nctrl1.example\n', [`${FILE}:2:`, 'the top level must be a mapping', 'not a string']],
    [
      'a duplicate key',
      'discover: true\nusername: a\ndiscover: false\n',
      [`${FILE}:3:`, "duplicate key 'discover'", 'first set on line 1'],
    ],
    [
      'a nested duplicate key',
      'tls:\n  ca: a.pem\n  ca: b.pem\n',
      [`${FILE}:3:`, "duplicate key 'tls.ca'", 'first set on line 2'],
    ],
    ['an alias without an anchor', 'username: *who\n', [`${FILE}:1:`, 'alias *who has no anchor']],
    ['a complex key', '? [a, b]\n: 1\n', [`${FILE}:1:`, 'keys must be plain names']],
  ])('%s', (_, text, parts) => {
    const { message } = errorOf(() => parseConfigText(text, FILE));
    for (const part of parts) expect(message).toContain(part);
  });
});

describe('parseConfigText: inline secrets are refused without repeating them', () => {
  it.each<[string, string, number, string]>([
    ['password at the top', `username: admin\npassword: ${SECRET}\n`, 2, 'use password_env or password_file'],
    ['a capitalised Password', `Password: ${SECRET}\n`, 1, 'use password_env or password_file'],
    ['a token', `discover: true\ntoken: ${SECRET}\n`, 2, 'use token_file'],
    ['a private key in tls', `tls:\n  cert: c.pem\n  private_key: ${SECRET}\n`, 3, 'tls.key'],
    [
      'a password under an unknown key',
      `auth:\n  user: admin\n  password: ${SECRET}\n`,
      3,
      'use password_env or password_file',
    ],
    [
      'a password in a flow map',
      `login: { user: admin, password: "${SECRET}" }\n`,
      1,
      'use password_env or password_file',
    ],
    ['a password in a list', `users:\n  - name: a\n    password: ${SECRET}\n`, 3, 'use password_env or password_file'],
    ['a multi-line password', `password: |\n  ${SECRET}\n  more\n`, 1, 'use password_env or password_file'],
  ])('%s', (_, text, line, hint) => {
    const { message } = errorOf(() => parseConfigText(text, FILE));
    expect(message).toContain(`${FILE}:${line}:`);
    expect(message).toContain('secrets are not accepted inline');
    expect(message).toContain(hint);
    expect(message).not.toContain(SECRET);
  });

  it.each([
    ['a password pasted as the whole file', `${SECRET}\n`],
    ['a password given to password_env', `password_env: "${SECRET}!"\n`],
    ['a password as a boolean', `discover: ${SECRET}\n`],
    ['a password in a broken block scalar header', `password_env: |${SECRET}\n  x\n`],
    ['a password with a bad escape', `username: "${SECRET}\\q"\n`],
    ['a password in a URL', `controllers: https://admin:${SECRET}@ctrl1.example:1280\n`],
  ])('%s is not echoed', (_, text) => {
    const { message } = errorOf(() => parseConfigText(text, FILE));
    expect(message).toContain(FILE);
    expect(message).not.toContain(SECRET);
  });
});

describe('loadConfigFile: search order', () => {
  let root: string;
  let cwd: string;
  let home: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ziti-status-config-'));
    cwd = join(root, 'project');
    home = join(root, 'home');
    await mkdir(cwd);
    await mkdir(join(home, '.config', 'ziti-status'), { recursive: true });
  });
  afterEach(async () => {
    await chmod(join(cwd, 'ziti-status.yaml'), 0o600).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  const write = async (path: string, username: string) => {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, `username: ${username}\n`);
  };

  it('returns null when no file exists', async () => {
    expect(await loadConfigFile({ cwd, env: {}, homeDir: home })).toBeNull();
  });

  it('prefers --config over ./ziti-status.yaml over the XDG file', async () => {
    await write(join(root, 'explicit.yaml'), 'explicit');
    await write(join(cwd, 'ziti-status.yaml'), 'cwd');
    await write(join(home, '.config', 'ziti-status', 'config.yaml'), 'xdg');
    const explicit = await loadConfigFile({ explicitPath: '../explicit.yaml', cwd, env: {}, homeDir: home });
    expect(explicit).toEqual({ path: join(root, 'explicit.yaml'), settings: { username: 'explicit' } });
    expect(await loadConfigFile({ cwd, env: {}, homeDir: home })).toEqual({
      path: join(cwd, 'ziti-status.yaml'),
      settings: { username: 'cwd' },
    });
    await rm(join(cwd, 'ziti-status.yaml'));
    expect(await loadConfigFile({ cwd, env: {}, homeDir: home })).toEqual({
      path: join(home, '.config', 'ziti-status', 'config.yaml'),
      settings: { username: 'xdg' },
    });
  });

  it('uses $XDG_CONFIG_HOME when it is absolute, and ignores a relative one', async () => {
    const xdg = join(root, 'xdg');
    await write(join(xdg, 'ziti-status', 'config.yaml'), 'custom');
    await write(join(home, '.config', 'ziti-status', 'config.yaml'), 'default');
    expect((await loadConfigFile({ cwd, env: { XDG_CONFIG_HOME: xdg }, homeDir: home }))?.settings).toEqual({
      username: 'custom',
    });
    expect((await loadConfigFile({ cwd, env: { XDG_CONFIG_HOME: 'relative/xdg' }, homeDir: home }))?.settings).toEqual({
      username: 'default',
    });
    expect((await loadConfigFile({ cwd, env: { XDG_CONFIG_HOME: '' }, homeDir: home }))?.settings).toEqual({
      username: 'default',
    });
  });

  it('resolves relative tls paths against the directory of the file found', async () => {
    await writeFile(join(cwd, 'ziti-status.yaml'), 'tls:\n  ca: certs/ca.pem\n');
    expect((await loadConfigFile({ cwd, env: {}, homeDir: home }))?.settings.ca).toBe(join(cwd, 'certs', 'ca.pem'));
  });

  it('a missing --config file is an error naming it, with no fallback', async () => {
    await write(join(cwd, 'ziti-status.yaml'), 'cwd');
    const { message } = await rejectionOf(loadConfigFile({ explicitPath: 'nope.yaml', cwd, env: {}, homeDir: home }));
    expect(message).toContain(join(cwd, 'nope.yaml'));
    expect(message).toContain('does not exist');
    expect(message).toContain('--config');
  });

  it('an empty --config is an error', async () => {
    expect((await rejectionOf(loadConfigFile({ explicitPath: ' ', cwd, env: {}, homeDir: home }))).message).toContain(
      '--config: empty path',
    );
  });

  it('a directory where the file should be is an error naming it', async () => {
    await mkdir(join(cwd, 'ziti-status.yaml'));
    const { message } = await rejectionOf(loadConfigFile({ cwd, env: {}, homeDir: home }));
    expect(message).toContain(join(cwd, 'ziti-status.yaml'));
    expect(message).toContain('is a directory');
  });

  it('errors in the file found name its full path and line', async () => {
    await writeFile(join(home, '.config', 'ziti-status', 'config.yaml'), 'discover: true\noutput: tabel\n');
    const { message } = await rejectionOf(loadConfigFile({ cwd, env: {}, homeDir: home }));
    expect(message).toContain(`${join(home, '.config', 'ziti-status', 'config.yaml')}:2: output`);
  });
});

describe('readSecretRef', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ziti-status-secret-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads an environment variable', async () => {
    const secret = await readSecretRef({ env: 'ZITI_PW' }, { ZITI_PW: SECRET });
    expect(secret.reveal()).toBe(SECRET);
    expect(secret.from).toBe('env ZITI_PW');
  });

  it.each([
    ['unset', {}, 'ZITI_PW is not set'],
    ['empty', { ZITI_PW: '' }, 'ZITI_PW is empty'],
  ])('an %s variable is an error naming it', async (_, env, text) => {
    expect((await rejectionOf(readSecretRef({ env: 'ZITI_PW' }, env))).message).toContain(text);
  });

  it.each([
    ['pw\n', 'pw'],
    ['pw\r\n', 'pw'],
    ['pw\n\n', 'pw\n'],
    ['  pw  ', '  pw  '],
  ])('trims exactly one trailing newline from %j', async (content, expected) => {
    await writeFile(join(dir, 'pw'), content);
    const secret = await readSecretRef({ file: join(dir, 'pw') }, {});
    expect(secret.reveal()).toBe(expected);
    expect(secret.from).toBe(`file ${join(dir, 'pw')}`);
  });

  it('a missing file is an error naming it', async () => {
    const { message } = await rejectionOf(readSecretRef({ file: join(dir, 'missing') }, {}));
    expect(message).toContain(join(dir, 'missing'));
    expect(message).toContain('does not exist');
  });

  it('an empty file is an error that does not leak anything', async () => {
    await writeFile(join(dir, 'pw'), '\n');
    expect((await rejectionOf(readSecretRef({ file: join(dir, 'pw') }, {}))).message).toContain('is empty');
  });

  it('a directory is an error naming it', async () => {
    expect((await rejectionOf(readSecretRef({ file: dir }, {}))).message).toContain(`cannot read secret file ${dir}`);
  });
});

describe('Secret', () => {
  const secret = new Secret(SECRET, 'env ZITI_STATUS_PASSWORD');

  it('reveals its value only on request', () => {
    expect(secret.reveal()).toBe(SECRET);
    expect(secret.from).toBe('env ZITI_STATUS_PASSWORD');
  });

  it.each<[string, () => string]>([
    ['JSON.stringify', () => JSON.stringify({ password: secret })],
    ['String()', () => String(secret)],
    ['a template literal', () => `${secret}`],
    // The case is the + operator itself (ToPrimitive hint "default"); a template literal (hint "string") is the case
    // above.
    // biome-ignore lint/style/useTemplate: the case is the + operator itself
    ['concatenation', () => 'pw=' + secret],
    ['util.inspect', () => inspect(secret)],
    ['util.inspect, hidden fields shown', () => inspect({ nested: { secret } }, { showHidden: true, depth: 10 })],
    ['console-style %s', () => format('%s', secret)],
    ['console-style %o', () => format('%o', secret)],
    ['console-style %O', () => format('%O', { secret })],
    ['console-style %j', () => format('%j', { secret })],
    ['console-style object', () => format('login', { secret })],
    ['Object.entries', () => JSON.stringify(Object.entries(secret))],
    ['a spread copy', () => inspect({ ...secret })],
    ['an error message', () => new Error(`bad ${secret}`).message],
  ])('%s never shows the value', (_, render) => {
    const out = render();
    expect(out).not.toContain(SECRET);
  });

  it('prints as ***', () => {
    expect(String(secret)).toBe('***');
    expect(JSON.stringify(secret)).toBe('"***"');
    expect(inspect(secret)).toBe('***');
  });
});
