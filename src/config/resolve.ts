// Flags + environment + config file + ziti-cli.json -> one set of settings, each with its source.
import { LOGIN_METHODS, type LoginMethod } from '../client/auth/credentials.js';
import { FAIL_ON, type FailOn } from '../exit-codes.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/render-context.js';
import { loadConfigFile, type LoadedConfig } from './config-file.js';
import { parseDuration } from './duration.js';
import { firstSet, sourced, type Sourced } from './settings.js';
import { parseTargetList } from './targets.js';
import { UsageError } from '../errors.js';
import { Secret } from '../secret.js';
import type { SecretRef, SecretSource } from './secret-ref.js';
import { loadZitiCliIdentity, type ZitiCliIdentity } from './ziti-cli.js';

export const DEFAULT_TIMEOUT_MS = 2000;
/** OpenZiti's state_sync_interval default, and the watch interval. */
export const DEFAULT_INTERVAL_MS = 5000;

/** What commander parsed; `undefined` where the flag was not given. */
export interface ConnectionFlags {
  controller: string[];
  discover?: boolean;
  timeout?: string;
  output?: string;
  json?: boolean;
  outputJson?: boolean;
  csv?: boolean;
  /** false with --no-headers. */
  headers?: boolean;
  failOn?: string;
  config?: string;
  username?: string;
  loginMethod?: string;
  password?: string;
  passwordStdin?: boolean;
  token?: string;
  cliIdentity?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  dynamicTimeout?: boolean;
}

export interface ResolveContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  homeDir: string;
  platform: NodeJS.Platform;
  stdoutIsTTY: boolean;
  /** --demo inspects its own simulated cluster: no stored login is read. */
  demo?: boolean;
}

export interface Settings {
  origins: Sourced<string[]>;
  discover: Sourced<boolean>;
  timeoutMs: Sourced<number>;
  /** Watch interval when --watch names none (controller.state_sync_interval). */
  intervalMs: Sourced<number>;
  dynamicTimeout: Sourced<boolean>;
  format: Sourced<OutputFormat>;
  failOn: Sourced<FailOn>;
  ca: Sourced<string | null>;
  cert: Sourced<string | null>;
  key: Sourced<string | null>;
  insecure: Sourced<boolean>;
  username: Sourced<string | null>;
  /** How password and certificate logins are made; a token or stored session is used as it is. */
  loginMethod: Sourced<LoginMethod>;
  /** Where a password would come from, not read yet; null: none given (a terminal may be asked). */
  password: Sourced<SecretSource | null>;
  /** Where a ready token would come from, not read yet; a stored login's session is in zitiCli. */
  token: Sourced<SecretSource | null>;
  config: LoadedConfig | null;
  /** The `ziti edge login` identity in use: only when it names the targets or -i asks for it. */
  zitiCli: ZitiCliIdentity | null;
}

export async function resolveSettings(flags: ConnectionFlags, ctx: ResolveContext): Promise<Settings> {
  const { env } = ctx;
  const config = await loadConfigFile({ explicitPath: flags.config, cwd: ctx.cwd, env, homeDir: ctx.homeDir });
  const file = config?.settings ?? {};
  const fromConfig = <T>(value: T | undefined) => (config === null ? null : sourced(value, 'config', config.path));
  const fromFlag = <T>(value: T | undefined, flag: string) => sourced(value, 'flag', flag);
  const fromEnv = (name: string) => sourced(env[name] === '' ? undefined : env[name], 'env', name);

  const explicitTargets = firstSet<string[]>(
    [
      fromFlag(
        flags.controller.length > 0 ? parseTargetList(flags.controller, '--controller') : undefined,
        '--controller',
      ),
      env.ZITI_STATUS_CONTROLLERS
        ? sourced(
            parseTargetList([env.ZITI_STATUS_CONTROLLERS], 'ZITI_STATUS_CONTROLLERS'),
            'env',
            'ZITI_STATUS_CONTROLLERS',
          )
        : null,
      fromConfig(file.controllers && file.controllers.length > 0 ? file.controllers : undefined),
    ],
    sourced([], 'default', ''),
  );
  // A stored login is used only for its own cluster: never sent to targets named elsewhere.
  const identityName = flags.cliIdentity ?? file.identity;
  const useZitiCli = ctx.demo !== true && (explicitTargets.value.length === 0 || flags.cliIdentity !== undefined);
  const zitiCli = useZitiCli
    ? await loadZitiCliIdentity({
        env,
        homeDir: ctx.homeDir,
        platform: ctx.platform,
        ...(identityName === undefined ? {} : { identity: identityName }),
      })
    : null;
  const where = zitiCli === null ? '' : `${zitiCli.file} (identity ${zitiCli.name})`;
  const fromZitiCli = <T>(value: T | undefined | null) =>
    zitiCli === null ? null : sourced(value ?? undefined, 'ziti-cli', where);

  const origins =
    explicitTargets.value.length > 0
      ? explicitTargets
      : firstSet([fromZitiCli(zitiCli ? [zitiCli.origin] : undefined)], explicitTargets);
  const timeoutMs = firstSet<number>(
    [
      fromFlag(flags.timeout === undefined ? undefined : parseDuration(flags.timeout, '--timeout'), '--timeout'),
      fromConfig(file.timeoutMs),
    ],
    sourced(DEFAULT_TIMEOUT_MS, 'default', ''),
  );
  return {
    origins,
    discover: firstSet<boolean>(
      [fromFlag(flags.discover === false ? false : undefined, '--no-discover'), fromConfig(file.discover)],
      sourced(true, 'default', ''),
    ),
    timeoutMs,
    intervalMs: firstSet<number>([fromConfig(file.intervalMs)], sourced(DEFAULT_INTERVAL_MS, 'default', '')),
    dynamicTimeout: firstSet<boolean>(
      [
        fromFlag(flags.dynamicTimeout === false ? false : undefined, '--no-dynamic-timeout'),
        fromConfig(file.dynamicTimeout),
      ],
      sourced(true, 'default', ''),
    ),
    format: resolveFormat(flags, fromConfig(file.output), ctx.stdoutIsTTY),
    failOn: checked(
      firstSet<string>(
        [fromFlag(flags.failOn, '--fail-on'), fromConfig(file.failOn)],
        sourced('degraded', 'default', ''),
      ),
      FAIL_ON,
      'fail-on',
    ),
    ca: firstSet<string | null>(
      [fromFlag(flags.ca, '--ca'), fromConfig(file.ca), fromZitiCli(zitiCli?.caFile)],
      sourced(null, 'default', ''),
    ),
    cert: firstSet<string | null>(
      [fromFlag(flags.cert, '--cert'), fromConfig(file.cert)],
      sourced(null, 'default', ''),
    ),
    key: firstSet<string | null>([fromFlag(flags.key, '--key'), fromConfig(file.key)], sourced(null, 'default', '')),
    // Never from a config file or a default: skipping verification is asked for on each run.
    insecure: sourced(
      flags.insecure === true,
      flags.insecure === true ? 'flag' : 'default',
      flags.insecure === true ? '--insecure' : '',
    ),
    username: firstSet<string | null>(
      [
        fromFlag(flags.username, '--username'),
        fromEnv('ZITI_STATUS_USERNAME'),
        fromConfig(file.username),
        fromZitiCli(zitiCli?.username),
      ],
      sourced(null, 'default', ''),
    ),
    loginMethod: checked(
      firstSet<string>(
        [
          fromFlag(flags.loginMethod, '--login-method'),
          fromEnv('ZITI_STATUS_LOGIN_METHOD'),
          fromConfig(file.loginMethod),
        ],
        sourced('auto', 'default', ''),
      ),
      LOGIN_METHODS,
      'login-method',
    ),
    password: firstSet<SecretSource | null>(
      [
        fromFlag(flags.passwordStdin === true ? { kind: 'stdin' } : undefined, '--password-stdin'),
        fromFlag(given(flags.password, 'flag --password'), '--password'),
        sourced(
          given(env.ZITI_STATUS_PASSWORD || undefined, 'env ZITI_STATUS_PASSWORD'),
          'env',
          'ZITI_STATUS_PASSWORD',
        ),
        fromReference(config, file.passwordRef, 'password_file'),
      ],
      sourced(null, 'default', ''),
    ),
    token: firstSet<SecretSource | null>(
      [
        fromFlag(given(flags.token, 'flag --token'), '--token'),
        sourced(given(env.ZITI_STATUS_TOKEN || undefined, 'env ZITI_STATUS_TOKEN'), 'env', 'ZITI_STATUS_TOKEN'),
        fromReference(config, file.tokenRef, 'token_file'),
      ],
      sourced(null, 'default', ''),
    ),
    config,
    zitiCli,
  };
}

function given(value: string | undefined, from: string): SecretSource | undefined {
  return value === undefined ? undefined : { kind: 'given', secret: new Secret(value, from) };
}

/** A secret the config file names by reference; `where` names the key, since it says more than the file's path. */
function fromReference(
  config: LoadedConfig | null,
  ref: SecretRef | undefined,
  fileKey: 'password_file' | 'token_file',
): Sourced<SecretSource> | null {
  if (config === null || ref === undefined) return null;
  return sourced({ kind: 'ref', ref }, 'config', 'env' in ref ? `password_env ${ref.env}` : `${fileKey} ${ref.file}`);
}

function resolveFormat(
  flags: ConnectionFlags,
  fromConfig: Sourced<string | undefined> | null,
  tty: boolean,
): Sourced<OutputFormat> {
  const shortcuts = [
    flags.json ? sourced('json', 'flag', '--json') : null,
    flags.outputJson ? sourced('json', 'flag', '--output-json') : null,
    flags.csv ? sourced('csv', 'flag', '--csv') : null,
    flags.output === undefined ? null : sourced(flags.output, 'flag', '--output'),
  ].filter((f): f is Sourced<string> => f !== null);
  const differing = shortcuts.filter((f) => f.value !== shortcuts[0]!.value);
  if (differing.length > 0)
    throw new UsageError(
      `${shortcuts[0]!.where} conflicts with ${differing[0]!.where}${flags.output ? ` ${flags.output}` : ''}; give one of them`,
    );
  const chosen = firstSet<string>(
    [shortcuts[0] ?? null, fromConfig],
    sourced(tty ? 'table' : 'plain', 'default', tty ? 'terminal' : 'piped'),
  );
  const format = checked(chosen, OUTPUT_FORMATS, 'output');
  if (flags.headers === false && !['table', 'wide', 'plain', 'csv'].includes(format.value)) {
    throw new UsageError(`--no-headers is for table, wide, plain and csv; -o ${format.value} has no header line`);
  }
  return format;
}

function checked<T extends string>(setting: Sourced<string>, allowed: readonly T[], name: string): Sourced<T> {
  if (!(allowed as readonly string[]).includes(setting.value)) {
    throw new UsageError(`${setting.where || name}: '${setting.value}' is not one of ${allowed.join(', ')}`);
  }
  return setting as Sourced<T>;
}
