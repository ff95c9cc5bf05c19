// `ziti-status config show`: the settings a run would use and where each came from; secrets are
// described by their source, never printed.
import { resolveSettings, type ConnectionFlags, type Settings } from '../config/resolve.js';
import { UsageError } from '../errors.js';
import type { Sourced } from '../config/settings.js';
import type { Io } from '../io.js';
import { renderJson } from '../render/json.js';
import { sanitizeForTerminal } from '../render/sanitize.js';

/** The connection flags plus config show's own output choice: text (tab-separated lines) or json. */
export interface ConfigShowFlags extends ConnectionFlags {
  output?: string;
  json?: boolean;
}

export async function runConfigShow(flags: ConfigShowFlags, io: Io): Promise<number> {
  const { output, json, ...connection } = flags;
  if (json === true && output !== undefined && output !== 'json')
    throw new UsageError(`--json conflicts with --output ${output}; give one of them`);
  const settings = await resolveSettings(connection, {
    env: io.env,
    cwd: io.cwd,
    homeDir: io.homeDir,
    platform: io.platform,
    stdoutIsTTY: io.stdout.isTTY === true,
  });
  const rows: [string, string, string][] = [
    ['config file', settings.config?.path ?? '(none found)', ''],
    row('controllers', settings.origins, (v) => (v.length === 0 ? '(none)' : v.join(','))),
    row('discover', settings.discover, String),
    row('timeout', settings.timeoutMs, (ms) => `${ms}ms`),
    row('dynamic-timeout', settings.dynamicTimeout, String),
    row('watch-interval', settings.intervalMs, (ms) => `${ms}ms`),
    row('output', settings.format, String),
    row('fail-on', settings.failOn, String),
    row('ca', settings.ca, orNone),
    row('cert', settings.cert, orNone),
    row('key', settings.key, orNone),
    row('insecure', settings.insecure, String),
    row('username', settings.username, orNone),
    row('login-method', settings.loginMethod, String),
    ['password', ...describePassword(settings)],
    ['token', ...describeToken(settings)],
  ];
  if (json === true || output === 'json') {
    // One object: each setting's value as shown (secrets masked) and where it came from.
    const shown = Object.fromEntries(rows.map(([name, value, source]) => [name, { value, source }]));
    // Escaped as every JSON output is: a path or name from a config file may hold bidi or control characters.
    io.stdout.write(renderJson(shown));
    return 0;
  }
  for (const [name, value, source] of rows) io.stdout.write(`${name}\t${sanitizeForTerminal(value, 400)}\t${source}\n`);
  return 0;
}

function row<T>(name: string, setting: Sourced<T>, show: (value: T) => string): [string, string, string] {
  return [name, show(setting.value), describeSource(setting)];
}

function describeSource(setting: Sourced<unknown>): string {
  return setting.where === '' ? setting.source : `${setting.source} ${setting.where}`;
}

const orNone = (value: string | null) => value ?? '(none)';

function describePassword(settings: Settings): [string, string] {
  const { password } = settings;
  if (password.value === null)
    return ['(none)', settings.username.value === null ? 'default' : 'asked on a terminal when run'];
  return [password.value.kind === 'stdin' ? '(read from stdin when run)' : '***', describeSource(password)];
}

function describeToken(settings: Settings): [string, string] {
  if (settings.token.value !== null) return ['***', describeSource(settings.token)];
  const session = settings.zitiCli?.session;
  if (session)
    return [`*** (${session.kind} session)`, `ziti-cli ${settings.zitiCli!.file} (identity ${settings.zitiCli!.name})`];
  return ['(none)', 'default'];
}
